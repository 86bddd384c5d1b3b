// $name expansion of one forward_path element, as Postfix's local_expand()/mac_expand() do it:
// $name, ${name}, ${name?text} (text when name has a value), ${name:text} (text when it has none).
// Trusts: the configuration text. Must never: produce a path from a reference to an unset name
// (the element is then skipped, as Postfix skips it), nor recurse without bound.
using System.Text;

namespace Estafeta.Aliases;

internal static class ForwardPathExpander
{
    private const int MaxNesting = 10;

    /// <summary>The expanded path, or null when it refers to a name without value (e.g. ${extension}
    /// for an address without one). <paramref name="extensionUsed"/> tells whether ${extension} had a value
    /// in the result (then the extension is not propagated further, as in Postfix).</summary>
    public static string? Expand(string template, IReadOnlyDictionary<string, string?> values, out bool extensionUsed)
    {
        extensionUsed = false;
        var output = new StringBuilder();
        return Expand(template, values, output, ref extensionUsed, 0) ? output.ToString() : null;
    }

    private static bool Expand(string text, IReadOnlyDictionary<string, string?> values, StringBuilder output, ref bool extensionUsed, int depth)
    {
        if (depth > MaxNesting)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                output.Append(text[i]);
                continue;
            }

            string name;
            string? conditional = null;
            var conditionalKind = '\0';
            if (text[i + 1] == '{')
            {
                var close = FindClose(text, i + 2);
                if (close < 0)
                {
                    return false;
                }

                var inner = text[(i + 2)..close];
                var split = inner.IndexOfAny(['?', ':']);
                name = split < 0 ? inner : inner[..split];
                if (split >= 0)
                {
                    conditionalKind = inner[split];
                    conditional = inner[(split + 1)..];
                }

                i = close;
            }
            else
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    output.Append('$');
                    continue;
                }

                name = text[(i + 1)..end];
                i = end - 1;
            }

            var value = values.GetValueOrDefault(name);
            if (value is not null && name == "extension")
            {
                extensionUsed = true;
            }

            switch (conditionalKind)
            {
                case '?' when value is not null:
                case ':' when value is null:
                    if (!Expand(conditional!, values, output, ref extensionUsed, depth + 1))
                    {
                        return false;
                    }

                    break;
                case '?' or ':':
                    break;
                default:
                    if (value is null)
                    {
                        return false;
                    }

                    output.Append(value);
                    break;
            }
        }

        return true;
    }

    private static int FindClose(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && depth-- == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
