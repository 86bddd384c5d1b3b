namespace Estafeta.Queue;

/// <summary>How a commit ended. Only <see cref="Committed"/> may be answered with 250.</summary>
public enum QueueCommitResult
{
    /// <summary>The file and its directory entry are on stable storage in incoming/.</summary>
    Committed,

    /// <summary>ENOSPC or EDQUOT: "452 4.3.1 Insufficient system storage". Nothing is left in the queue.</summary>
    InsufficientStorage,

    /// <summary>Any other I/O error: "451 4.3.0 Error: queue file write error". Nothing is left in the queue.</summary>
    WriteError,
}
