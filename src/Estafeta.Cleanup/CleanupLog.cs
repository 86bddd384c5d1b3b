using Microsoft.Extensions.Logging;

namespace Estafeta.Cleanup;

/// <summary>Cleanup's log lines, in Postfix's words (category "cleanup").</summary>
internal static partial class CleanupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: message-id={MessageId}")]
    public static partial void MessageId(ILogger logger, string queueId, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: reject: {Reply}")]
    public static partial void Rejected(ILogger logger, string queueId, string reply);
}
