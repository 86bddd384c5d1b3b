// Splits an alias value into its targets, the way Postfix's local(8) does.
// Trusts: nothing. Must never: split inside a quoted string ("|cmd, with comma").
namespace Estafeta.Tables;

/// <summary>Helpers for the right-hand side of aliases(5) and .forward files.</summary>
public static class AliasValues
{
    /// <summary>
    /// "a, b, \"|/usr/bin/cmd arg, x\", /var/log/file, :include:/etc/list" →
    /// ["a", "b", "|/usr/bin/cmd arg, x", "/var/log/file", ":include:/etc/list"]. Quotes around a
    /// whole target are removed; empty elements are dropped.
    /// </summary>
    public static IReadOnlyList<string> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var targets = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (c == '\\' && quoted && i + 1 < value.Length)
            {
                current.Append(c).Append(value[++i]);
            }
            else if (c == ',' && !quoted)
            {
                Add(targets, current);
            }
            else
            {
                current.Append(c);
            }
        }

        Add(targets, current);
        return targets;
    }

    private static void Add(List<string> targets, System.Text.StringBuilder current)
    {
        var target = current.ToString().Trim();
        current.Clear();
        if (target.Length >= 2 && target[0] == '"' && target[^1] == '"' && target.IndexOf('"', 1) == target.Length - 1)
        {
            target = target[1..^1];
        }

        if (target.Length > 0)
        {
            targets.Add(target);
        }
    }
}
