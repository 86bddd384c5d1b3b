namespace Estafeta.Pickup;

/// <summary>sendmail -bv: where a recipient would go, without sending anything (the host implements it over Resolve).</summary>
public interface IRecipientVerifier
{
    ValueTask<RecipientVerification> VerifyAsync(string address, CancellationToken cancellationToken);
}

/// <summary>The answer for one address: printed as "ADDRESS: deliverable via TRANSPORT (DETAIL)" or
/// "ADDRESS: undeliverable (DETAIL)".</summary>
/// <param name="Deliverable">Whether mail to it would be accepted for delivery.</param>
/// <param name="Transport">The transport that would take it ("local", "smtp", ...).</param>
/// <param name="Detail">What the transport would do ("delivered to mailbox", "alias expanded", or why not).</param>
public sealed record RecipientVerification(bool Deliverable, string Transport, string Detail);
