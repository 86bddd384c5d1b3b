using Estafeta.Core;

namespace Estafeta.Cleanup;

/// <summary>Cleanup's replies, with Postfix's codes and texts (cleanup_strerror.c).</summary>
internal static class CleanupReplies
{
    public static readonly SmtpReply InsufficientStorage = new(452, "4.3.1", "Insufficient system storage");

    public static readonly SmtpReply WriteError = new(451, "4.3.0", "Error: queue file write error");

    public static readonly SmtpReply TooManyHops = new(554, "5.4.0", "Error: too many hops");

    public static readonly SmtpReply MessageTooBig = new(552, "5.3.4", "Message size exceeds fixed limit");

    public static SmtpReply Queued(string queueId) => new(250, "2.0.0", $"Ok: queued as {queueId}");
}
