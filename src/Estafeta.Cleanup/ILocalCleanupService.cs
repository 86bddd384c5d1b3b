using Estafeta.Core;

namespace Estafeta.Cleanup;

/// <summary>
/// Cleanup as pickup uses it for local submissions (sendmail): besides the envelope it knows the
/// submitter's full name (sendmail -F, or the GECOS field), which goes into an added From: header.
/// Kept apart from <see cref="ICleanupService"/> so the SMTP contract stays as it was.
/// </summary>
public interface ILocalCleanupService : ICleanupService
{
    /// <summary>As <see cref="ICleanupService.Begin"/>; when the message has no From:, the one added
    /// reads "From: FULL NAME &lt;SENDER&gt;" (or "From: SENDER" without a full name).</summary>
    IMessageWriter BeginLocal(string queueId, ClientInfo client, Envelope envelope, string? fullName);
}
