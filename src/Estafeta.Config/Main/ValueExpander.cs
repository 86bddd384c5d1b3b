using System.Text;

namespace Estafeta.Config;

/// <summary>
/// Postfix's $name expansion: $name, ${name}, $(name), ${name?text}, ${name:text}, the 3.x forms
/// ${name?{text}:{text}}, and $$ for a literal $. Knows nothing about parameters: the caller's lookup
/// returns a name's expanded value, or null when the name is undefined.
/// </summary>
internal static class ValueExpander
{
    /// <summary>Expands <paramref name="text"/>; throws <see cref="FormatException"/> on an unterminated ${ or $(.</summary>
    public static string Expand(string text, Func<string, string?> lookup)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 16);
        Walk(text, lookup, output, visitAllBranches: false, conditional: false, onReference: null);
        return output.ToString();
    }

    /// <summary>Every name <paramref name="text"/> refers to; Conditional is true for names only tested or used in a branch.</summary>
    public static List<(string Name, bool Conditional)> References(string text)
    {
        var references = new List<(string Name, bool Conditional)>();
        if (text.Contains('$', StringComparison.Ordinal))
        {
            Walk(text, _ => null, new StringBuilder(), visitAllBranches: true, conditional: false, (name, conditional) => references.Add((name, conditional)));
        }

        return references;
    }

    private static void Walk(string text, Func<string, string?> lookup, StringBuilder output, bool visitAllBranches, bool conditional, Action<string, bool>? onReference)
    {
        var position = 0;
        while (position < text.Length)
        {
            var dollar = text.IndexOf('$', position);
            if (dollar < 0 || dollar == text.Length - 1)
            {
                output.Append(text, position, text.Length - position);
                return;
            }

            output.Append(text, position, dollar - position);
            var next = text[dollar + 1];
            if (next == '$')
            {
                output.Append('$');
                position = dollar + 2;
            }
            else if (next is '{' or '(')
            {
                var close = next == '{' ? '}' : ')';
                var end = FindClose(text, dollar + 2, next, close);
                var inner = text[(dollar + 2)..end];
                ExpandGroup(inner, lookup, output, visitAllBranches, conditional, onReference);
                position = end + 1;
            }
            else if (IsNameChar(next))
            {
                var end = dollar + 1;
                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                var name = text[(dollar + 1)..end];
                onReference?.Invoke(name, conditional);
                output.Append(lookup(name));
                position = end;
            }
            else
            {
                // Not a reference: Postfix keeps a lone $ as it is.
                output.Append('$');
                position = dollar + 1;
            }
        }
    }

    private static void ExpandGroup(string inner, Func<string, string?> lookup, StringBuilder output, bool visitAllBranches, bool conditional, Action<string, bool>? onReference)
    {
        var nameEnd = 0;
        while (nameEnd < inner.Length && IsNameChar(inner[nameEnd]))
        {
            nameEnd++;
        }

        var name = inner[..nameEnd];
        if (name.Length == 0)
        {
            throw new FormatException($"bad parameter name in \"${{{inner}}}\"");
        }

        if (nameEnd == inner.Length)
        {
            onReference?.Invoke(name, conditional);
            output.Append(lookup(name));
            return;
        }

        var operation = inner[nameEnd];
        if (operation is not ('?' or ':'))
        {
            throw new FormatException($"unexpected \"{operation}\" after parameter name in \"${{{inner}}}\"");
        }

        onReference?.Invoke(name, true);
        var (whenSet, whenEmpty) = SplitBranches(inner[(nameEnd + 1)..], operation);
        var value = lookup(name);
        var isSet = !string.IsNullOrEmpty(value);
        if (visitAllBranches)
        {
            Walk(whenSet ?? string.Empty, lookup, output, visitAllBranches, true, onReference);
            Walk(whenEmpty ?? string.Empty, lookup, output, visitAllBranches, true, onReference);
            return;
        }

        var chosen = isSet ? whenSet : whenEmpty;
        if (chosen is not null)
        {
            Walk(chosen, lookup, output, visitAllBranches, conditional, onReference);
        }
    }

    /// <summary>Text of "?text", "?{text}", "?{a}:{b}" or ":text", ":{text}" → (text when set, text when empty).</summary>
    private static (string? WhenSet, string? WhenEmpty) SplitBranches(string rest, char operation)
    {
        var trimmed = rest.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            var close = FindClose(trimmed, 1, '{', '}');
            var first = trimmed[1..close];
            var after = trimmed[(close + 1)..].Trim();
            if (operation == '?' && after.StartsWith(':'))
            {
                var second = after[1..].Trim();
                if (second.StartsWith('{') && second.EndsWith('}'))
                {
                    second = second[1..^1];
                }

                return (first, second);
            }

            if (after.Length == 0)
            {
                return operation == '?' ? (first, null) : (null, first);
            }
        }

        return operation == '?' ? (rest, null) : (null, rest);
    }

    private static int FindClose(string text, int start, char open, char close)
    {
        var depth = 1;
        for (var index = start; index < text.Length; index++)
        {
            if (text[index] == open)
            {
                depth++;
            }
            else if (text[index] == close && --depth == 0)
            {
                return index;
            }
        }

        throw new FormatException($"missing '{close}' in \"{text}\"");
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
