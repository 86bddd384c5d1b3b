// mynetworks matching: CIDR, bare addresses, "[::1]/128", "!pattern", and type:table specs (key = the address).
// Trusts: the client address from the kernel. Must never: treat ::ffff:a.b.c.d differently from a.b.c.d.
using System.Net;
using Estafeta.Tables;

namespace Estafeta.Policy;

internal sealed class NetworkMatchList
{
    private readonly List<Entry> _entries = [];

    public NetworkMatchList(IEnumerable<string> patterns)
    {
        foreach (var pattern in MatchListPatterns.Expand(patterns))
        {
            var negated = pattern.StartsWith('!');
            var body = negated ? pattern[1..] : pattern;
            if (LookupTables.IsTableSpec(body))
            {
                _entries.Add(new Entry(negated, null, LookupTables.Open(body)));
            }
            else
            {
                _entries.Add(NetworkPrefix.TryParse(body, out var prefix, out var error)
                    ? new Entry(negated, prefix, null)
                    : throw new LookupTableException($"mynetworks: {error}"));
            }
        }
    }

    public NetworkMatchList(IEnumerable<NetworkPrefix> prefixes) =>
        _entries.AddRange(prefixes.Select(prefix => new Entry(false, prefix, null)));

    public bool Matches(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var entry in _entries)
        {
            var matched = entry.Prefix is { } prefix
                ? prefix.Contains(address)
                : entry.Table!.Lookup(plain.ToString()) is not null;
            if (matched)
            {
                return !entry.Negated;
            }
        }

        return false;
    }

    private sealed record Entry(bool Negated, NetworkPrefix? Prefix, ILookupTable? Table);
}
