// alias_maps opened on first use and kept (the file tables re-read a changed file themselves).
// Trusts: the table specs from main.cf. Must never: answer "not found" for a table it could not read;
// that is a LookupTableException, which the expander turns into a deferral.
using Estafeta.Tables;

namespace Estafeta.Aliases;

internal sealed class AliasDatabase(IReadOnlyList<string> specs)
{
    private readonly Lock _gate = new();
    private readonly ILookupTable?[] _tables = new ILookupTable?[specs.Count];

    public int Count => specs.Count;

    public string Spec(int index) => specs[index];

    /// <summary>The value of <paramref name="name"/> in table <paramref name="index"/>, or null.</summary>
    /// <exception cref="LookupTableException">The table cannot be opened or read.</exception>
    public string? Lookup(int index, string name) => Table(index).Lookup(name);

    /// <summary>The first value of <paramref name="name"/> in any table, or null (Postfix's maps_find).</summary>
    /// <exception cref="LookupTableException">A table before the match cannot be read.</exception>
    public string? Find(string name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (Lookup(i, name) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The uid that owns table <paramref name="index"/>'s file; 0 for tables that are not files
    /// (Postfix's dict_owner: such tables count as root's).</summary>
    public uint OwnerId(int index) =>
        FilePath(specs[index]) is { } path && FileFacts.Of(path) is { } facts ? facts.UserId : 0;

    private ILookupTable Table(int index)
    {
        lock (_gate)
        {
            return _tables[index] ??= LookupTables.Open(specs[index], TextTableSyntax.Aliases);
        }
    }

    private static string? FilePath(string spec)
    {
        var rest = spec.Trim();
        while (rest.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["proxy:".Length..];
        }

        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[(colon + 1)..];
        return name.StartsWith('/') ? name : null;
    }
}
