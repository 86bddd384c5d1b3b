namespace Estafeta.Queue;

/// <summary>What <see cref="QueueStore.Recover"/> found: leftovers removed, damaged files set aside, good files kept.</summary>
public sealed record RecoveryReport(int TemporaryFilesRemoved, IReadOnlyList<string> CorruptQueueIds, int ValidFiles);
