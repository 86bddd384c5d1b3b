using Microsoft.Extensions.Logging;

namespace Estafeta.Queue;

/// <summary>The queue's log lines, in Postfix's words.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: {Reason}: corrupt queue file, moved to corrupt")]
    public static partial void CorruptQueueFile(ILogger logger, string queueId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: queue file write error: {Reason}")]
    public static partial void WriteError(ILogger logger, string queueId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "removed stale temporary queue file {FileName}")]
    public static partial void RemovedTemporary(ILogger logger, string fileName);
}
