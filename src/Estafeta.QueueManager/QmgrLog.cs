using Microsoft.Extensions.Logging;

namespace Estafeta.QueueManager;

/// <summary>The queue manager's log lines, in Postfix's words (category "qmgr"; delivery lines carry the
/// transport's name as Postfix's agents do, e.g. "local", "smtp").</summary>
internal static partial class QmgrLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: from=<{Sender}>, size={Size}, nrcpt={Count} (queue active)")]
    public static partial void QueueActive(ILogger logger, string queueId, string sender, long size, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: removed")]
    public static partial void Removed(ILogger logger, string queueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: from=<{Sender}>, status=expired, returned to sender")]
    public static partial void Expired(ILogger logger, string queueId, string sender);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Delivery(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: {Reason}: corrupt queue file, moved to corrupt")]
    public static partial void Corrupt(ILogger logger, string queueId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: {Reason}")]
    public static partial void MessageWarning(ILogger logger, string queueId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: {Who} notification: {NewId}")]
    public static partial void Notification(ILogger logger, string queueId, string who, string newId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: undeliverable postmaster notification discarded")]
    public static partial void DoubleBounceDiscarded(ILogger logger, string queueId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: {Who} notification failed: {Reason}")]
    public static partial void NotificationFailed(ILogger logger, string queueId, string who, string reason);
}
