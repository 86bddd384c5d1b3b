// cidr: tables: "network/prefix result" lines, first match wins, "!" negates, if/endif allowed.
// Trusts: nothing in the file. Must never: match a key that is not an IP address.
using System.Net;

namespace Estafeta.Tables;

internal sealed class CidrTable(string name, string path) : FileBackedTable<List<CidrTable.Rule>>(name, path)
{
    protected override List<Rule> Load(IReadOnlyList<TextSourceLine> lines)
    {
        var rules = new List<Rule>();
        var open = new Stack<(int Index, TextSourceLine Line)>();
        foreach (var line in lines)
        {
            var text = line.Text;
            var split = text.IndexOfAny([' ', '\t']);
            var pattern = split < 0 ? text : text[..split];
            var result = split < 0 ? string.Empty : text[split..].Trim();
            if (pattern.Equals("endif", StringComparison.OrdinalIgnoreCase))
            {
                if (open.Count == 0)
                {
                    throw BadLine(line, "ignoring ENDIF without matching IF");
                }

                var (index, _) = open.Pop();
                rules[index] = rules[index] with { SkipTo = rules.Count };
                continue;
            }

            var isIf = pattern.Equals("if", StringComparison.OrdinalIgnoreCase);
            if (isIf)
            {
                pattern = result;
                result = string.Empty;
            }

            var negated = pattern.StartsWith('!');
            if (!NetworkPrefix.TryParse(negated ? pattern[1..] : pattern, out var prefix, out var error))
            {
                throw BadLine(line, error!);
            }

            if (!isIf && result.Length == 0)
            {
                throw BadLine(line, "no lookup result");
            }

            if (isIf)
            {
                open.Push((rules.Count, line));
            }

            rules.Add(new Rule(prefix!, negated, isIf ? null : result, SkipTo: -1));
        }

        if (open.Count > 0)
        {
            throw BadLine(open.Peek().Line, "IF has no matching ENDIF");
        }

        return rules;
    }

    protected override string? Find(List<Rule> content, string key)
    {
        if (!IPAddress.TryParse(key.Trim('[', ']'), out var address))
        {
            return null;
        }

        for (var i = 0; i < content.Count; i++)
        {
            var rule = content[i];
            // As Postfix: a rule of the other address family neither matches nor, negated, matches everything.
            var matches = rule.Prefix.IsSameFamily(address) && rule.Prefix.Contains(address) != rule.Negated;
            if (rule.Result is null)
            {
                // An "if" that does not match skips to its endif.
                if (!matches)
                {
                    i = rule.SkipTo - 1;
                }
            }
            else if (matches)
            {
                return rule.Result;
            }
        }

        return null;
    }

    internal sealed record Rule(NetworkPrefix Prefix, bool Negated, string? Result, int SkipTo);
}
