namespace Estafeta.Delivery.Local;

/// <summary>Who a mailbox or file must belong to, and how a new one is created.</summary>
/// <param name="UserName">For messages ("for user alumno").</param>
/// <param name="UserId">The owner an existing file must have (ours when we are not root).</param>
/// <param name="GroupId">The group a new file gets (group mail for /var/mail files).</param>
/// <param name="ChownNewFiles">True when we run as root: new files are given to UserId:GroupId.</param>
internal sealed record MailboxOwner(string UserName, uint UserId, uint GroupId, bool ChownNewFiles);
