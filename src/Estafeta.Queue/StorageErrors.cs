namespace Estafeta.Queue;

/// <summary>Tells "the disk is full" from other I/O errors (the first is 452 4.3.1, the rest 451 4.3.0).</summary>
internal static class StorageErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;

    // On Unix, .NET puts the raw errno in HResult for errors it does not map to another exception type.
    public static bool IsOutOfSpace(IOException exception) => exception.HResult is Enospc or Edquot;

    public static QueueCommitResult Classify(IOException exception) =>
        IsOutOfSpace(exception) ? QueueCommitResult.InsufficientStorage : QueueCommitResult.WriteError;
}
