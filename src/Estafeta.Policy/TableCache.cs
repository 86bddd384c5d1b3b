// Opens each access table once and shares it between sessions (the tables re-read changed files themselves).
// Trusts: LookupTables. Must never: cache a failed open (a fixed file must start working).
using Estafeta.Tables;

namespace Estafeta.Policy;

internal sealed class TableCache
{
    private readonly Dictionary<string, ILookupTable> _tables = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ILookupTable Get(string spec)
    {
        lock (_gate)
        {
            if (!_tables.TryGetValue(spec, out var table))
            {
                table = LookupTables.Open(spec);
                _tables[spec] = table;
            }

            return table;
        }
    }
}
