namespace Estafeta.Queue;

/// <summary>A queue file that is truncated, torn, of an unknown version or otherwise unreadable.</summary>
public sealed class QueueFormatException : Exception
{
    public QueueFormatException()
    {
    }

    public QueueFormatException(string message)
        : base(message)
    {
    }

    public QueueFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
