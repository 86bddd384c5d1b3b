// regexp: tables: "/pattern/flags result", "!/pattern/ result", if/endif; first match wins.
// Trusts: the administrator's patterns, but not the keys (client data): every match runs
// with a timeout, so a pathological pattern cannot stall a session.
using System.Text;
using System.Text.RegularExpressions;

namespace Estafeta.Tables;

internal sealed class RegexpTable(string name, string path) : FileBackedTable<List<RegexpTable.Rule>>(name, path)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    protected override List<Rule> Load(IReadOnlyList<TextSourceLine> lines)
    {
        var rules = new List<Rule>();
        var open = new Stack<(int Index, TextSourceLine Line)>();
        foreach (var line in lines)
        {
            var text = line.Text;
            if (text.Equals("endif", StringComparison.OrdinalIgnoreCase))
            {
                if (open.Count == 0)
                {
                    throw BadLine(line, "ignoring ENDIF without matching IF");
                }

                var (index, _) = open.Pop();
                rules[index] = rules[index] with { SkipTo = rules.Count };
                continue;
            }

            var isIf = text.StartsWith("if", StringComparison.OrdinalIgnoreCase) && text.Length > 2 && char.IsWhiteSpace(text[2]);
            if (isIf)
            {
                text = text[2..].TrimStart();
            }

            var (regex, negated, rest) = ParsePattern(line, text);
            if (isIf)
            {
                if (rest.Length > 0)
                {
                    throw BadLine(line, "extra text after IF pattern");
                }

                open.Push((rules.Count, line));
                rules.Add(new Rule(regex, negated, null, -1));
                continue;
            }

            if (rest.Length == 0)
            {
                throw BadLine(line, "no replacement text");
            }

            rules.Add(new Rule(regex, negated, rest, -1));
        }

        if (open.Count > 0)
        {
            throw BadLine(open.Peek().Line, "IF has no matching ENDIF");
        }

        return rules;
    }

    protected override string? Find(List<Rule> content, string key)
    {
        try
        {
            for (var i = 0; i < content.Count; i++)
            {
                var rule = content[i];
                var match = rule.Pattern.Match(key);
                var matches = match.Success != rule.Negated;
                if (rule.Result is null)
                {
                    if (!matches)
                    {
                        i = rule.SkipTo - 1;
                    }
                }
                else if (matches)
                {
                    return rule.Negated ? rule.Result : Substitute(rule.Result, match);
                }
            }
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new LookupTableException($"{Path}: regular expression match timed out ({e.Pattern})", e);
        }

        return null;
    }

    private (Regex Pattern, bool Negated, string Remainder) ParsePattern(TextSourceLine line, string text)
    {
        var negated = text.StartsWith('!');
        if (negated)
        {
            text = text[1..];
        }

        if (text.Length < 2 || char.IsWhiteSpace(text[0]))
        {
            throw BadLine(line, "missing regular expression");
        }

        var delimiter = text[0];
        var end = text.IndexOf(delimiter, 1);
        if (end < 0)
        {
            throw BadLine(line, $"no closing regexp delimiter \"{delimiter}\"");
        }

        var pattern = text[1..end];
        var position = end + 1;
        var ignoreCase = true;
        var options = RegexOptions.CultureInvariant;
        for (; position < text.Length && !char.IsWhiteSpace(text[position]); position++)
        {
            switch (text[position])
            {
                case 'i':
                    ignoreCase = !ignoreCase;
                    break;
                case 'm':
                    options ^= RegexOptions.Multiline;
                    break;
                case 'x':
                    break; // POSIX extended syntax is what .NET speaks already.
                default:
                    throw BadLine(line, $"unknown regexp option \"{text[position]}\"");
            }
        }

        if (ignoreCase)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            return (new Regex(pattern, options, MatchTimeout), negated, text[position..].Trim());
        }
        catch (ArgumentException e)
        {
            throw BadLine(line, $"bad regular expression: {e.Message}");
        }
    }

    /// <summary>$1, ${1} and $(1) become the group's text; $$ is a dollar sign.</summary>
    private static string Substitute(string result, Match match)
    {
        if (!result.Contains('$', StringComparison.Ordinal))
        {
            return result;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] != '$' || i + 1 == result.Length)
            {
                builder.Append(result[i]);
                continue;
            }

            var next = result[i + 1];
            if (next == '$')
            {
                builder.Append('$');
                i++;
                continue;
            }

            var close = next == '{' ? '}' : next == '(' ? ')' : '\0';
            var start = close == '\0' ? i + 1 : i + 2;
            var stop = start;
            while (stop < result.Length && char.IsAsciiDigit(result[stop]))
            {
                stop++;
            }

            if (stop == start || (close != '\0' && (stop == result.Length || result[stop] != close)))
            {
                builder.Append(result[i]);
                continue;
            }

            builder.Append(match.Groups[int.Parse(result[start..stop], System.Globalization.CultureInfo.InvariantCulture)].Value);
            i = close == '\0' ? stop - 1 : stop;
        }

        return builder.ToString();
    }

    internal sealed record Rule(Regex Pattern, bool Negated, string? Result, int SkipTo);
}
