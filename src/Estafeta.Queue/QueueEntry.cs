namespace Estafeta.Queue;

/// <summary>A file in one of the queue directories (not yet opened or validated).</summary>
public sealed record QueueEntry(QueueName Queue, string QueueId, string Path);
