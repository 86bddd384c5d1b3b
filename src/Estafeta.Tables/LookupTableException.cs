namespace Estafeta.Tables;

/// <summary>A table that cannot be opened or read: a bad spec, a missing file, a bad line (the message names file and line).</summary>
public sealed class LookupTableException : Exception
{
    public LookupTableException()
    {
    }

    public LookupTableException(string message)
        : base(message)
    {
    }

    public LookupTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
