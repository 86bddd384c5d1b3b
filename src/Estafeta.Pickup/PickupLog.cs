using Microsoft.Extensions.Logging;

namespace Estafeta.Pickup;

/// <summary>The pickup service's log lines, in Postfix's words (category "pickup").</summary>
internal static partial class PickupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: uid={UserId} from=<{Sender}>")]
    public static partial void PickedUp(ILogger logger, string queueId, uint userId, string sender);

    [LoggerMessage(Level = LogLevel.Warning, Message = "maildrop/{Name}: {Reason}")]
    public static partial void BadDropFile(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "saving corrupt file \"{Name}\" from queue \"maildrop\" to queue \"corrupt\"")]
    public static partial void SavedCorrupt(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{QueueId}: message from maildrop/{Name} not queued: {Reply}")]
    public static partial void Refused(ILogger logger, string queueId, string name, string reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "maildrop/{Name}: {Reason}; will try again")]
    public static partial void Deferred(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "maildrop/{Name}: removing stale temporary file")]
    public static partial void RemovedStale(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: {Reason}")]
    public static partial void TriggerError(ILogger logger, string path, string reason);
}
