// mydestination / relay_domains matching: names, ".parent" patterns, "!negation", type:table specs.
// Trusts: the configuration. Must never: match a domain by substring ("evilexample.com" is not "example.com").
using Estafeta.Tables;

namespace Estafeta.Policy;

internal sealed class DomainMatchList
{
    private readonly List<Entry> _entries = [];
    private readonly bool _parentMatchesSubdomains;

    /// <param name="parentMatchesSubdomains">Postfix's parent_domain_matches_subdomains for this list:
    /// true for relay_domains (example.com also matches sub.example.com), false for mydestination.</param>
    public DomainMatchList(IEnumerable<string> patterns, bool parentMatchesSubdomains)
    {
        _parentMatchesSubdomains = parentMatchesSubdomains;
        foreach (var pattern in MatchListPatterns.Expand(patterns))
        {
            var negated = pattern.StartsWith('!');
            var body = negated ? pattern[1..] : pattern;
            _entries.Add(LookupTables.IsTableSpec(body)
                ? new Entry(negated, null, LookupTables.Open(body))
                : new Entry(negated, body.TrimEnd('.').ToLowerInvariant(), null));
        }
    }

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>First matching entry decides; a negated match means "no".</summary>
    public bool Matches(string domain)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        if (domain.Length == 0)
        {
            return false;
        }

        foreach (var entry in _entries)
        {
            if (entry.Table is { } table ? TableMatches(table, domain) : NameMatches(entry.Name!, domain))
            {
                return !entry.Negated;
            }
        }

        return false;
    }

    private bool NameMatches(string pattern, string domain)
    {
        if (pattern.StartsWith('.'))
        {
            return domain.EndsWith(pattern, StringComparison.Ordinal);
        }

        return domain == pattern || (_parentMatchesSubdomains && domain.EndsWith("." + pattern, StringComparison.Ordinal));
    }

    private bool TableMatches(ILookupTable table, string domain)
    {
        if (table.Lookup(domain) is not null)
        {
            return true;
        }

        for (var dot = domain.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            var parent = domain[(dot + 1)..];
            if ((_parentMatchesSubdomains && table.Lookup(parent) is not null) || table.Lookup("." + parent) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Entry(bool Negated, string? Name, ILookupTable? Table);
}
