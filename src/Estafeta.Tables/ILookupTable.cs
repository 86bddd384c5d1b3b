namespace Estafeta.Tables;

/// <summary>A Postfix lookup table ("type:name"): a key in, a value or null out.</summary>
public interface ILookupTable
{
    /// <summary>The value for <paramref name="key"/>, or null when the table does not have it.
    /// Throws <see cref="LookupTableException"/> when the table cannot be read (Postfix: a temporary lookup failure).</summary>
    string? Lookup(string key);

    /// <summary>The table as it was named in the configuration, e.g. "hash:/etc/postfix/access".</summary>
    string Name { get; }
}
