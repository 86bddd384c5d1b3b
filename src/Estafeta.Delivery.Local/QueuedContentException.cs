namespace Estafeta.Delivery.Local;

/// <summary>The queued content could not be read while a copy was being written (Postfix's
/// MAIL_COPY_STAT_CORRUPT). Kept apart from IOException so that it is never mistaken for a failed write
/// to the destination: the copy is incomplete and the recipient is deferred.</summary>
internal sealed class QueuedContentException(Exception inner) : Exception($"cannot read queued message: {inner.Message}", inner);
