// inline:{ key=value, { key = value with spaces } } and static:value.
// Trusts: the configuration text. Must never: treat an unbalanced brace as data.
namespace Estafeta.Tables;

internal sealed class InlineTable : ILookupTable
{
    private readonly Dictionary<string, string> _entries;

    private InlineTable(string name, Dictionary<string, string> entries)
    {
        Name = name;
        _entries = entries;
    }

    public string Name { get; }

    public string? Lookup(string key) => _entries.GetValueOrDefault(key.ToLowerInvariant());

    public static InlineTable Parse(string name, string body)
    {
        var text = body.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            throw new LookupTableException($"{name}: inline table must be enclosed in {{}}");
        }

        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in SplitElements(name, text[1..^1]))
        {
            var equals = element.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new LookupTableException($"{name}: \"{element}\": need \"key=value\"");
            }

            entries.TryAdd(element[..equals].Trim().ToLowerInvariant(), element[(equals + 1)..].Trim());
        }

        return new InlineTable(name, entries);
    }

    /// <summary>Elements are separated by commas or whitespace; "{ ... }" keeps one element whole.</summary>
    private static List<string> SplitElements(string name, string text)
    {
        var elements = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]) || text[i] == ',')
            {
                i++;
                continue;
            }

            if (text[i] == '{')
            {
                var close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new LookupTableException($"{name}: missing '}}'");
                }

                elements.Add(text[(i + 1)..close].Trim());
                i = close + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ',')
            {
                if (text[i] is '{' or '}')
                {
                    throw new LookupTableException($"{name}: unexpected '{text[i]}'");
                }

                i++;
            }

            elements.Add(text[start..i]);
        }

        return elements;
    }
}
