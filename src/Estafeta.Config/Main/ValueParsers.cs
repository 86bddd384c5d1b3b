using System.Globalization;

namespace Estafeta.Config;

/// <summary>
/// Typed readings of an expanded value. Each returns false (with a problem text) instead of throwing,
/// so the caller can name file, line and parameter.
/// </summary>
internal static class ValueParsers
{
    /// <summary>Splits on commas and/or white space, keeping {...} groups (like inline:{ a=b, c=d }) in one item.</summary>
    public static List<string> SplitList(string value)
    {
        var items = new List<string>();
        var start = -1;
        var depth = 0;
        for (var index = 0; index < value.Length; index++)
        {
            var c = value[index];
            if (depth == 0 && (c == ',' || char.IsWhiteSpace(c)))
            {
                if (start >= 0)
                {
                    items.Add(value[start..index]);
                    start = -1;
                }

                continue;
            }

            if (start < 0)
            {
                start = index;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
        }

        if (start >= 0)
        {
            items.Add(value[start..]);
        }

        return items;
    }

    public static bool TryParseBool(string value, out bool result, out string problem)
    {
        problem = string.Empty;
        if (value.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            result = true;
            return true;
        }

        if (value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            result = false;
            return true;
        }

        result = false;
        problem = $"bad boolean value \"{value}\" (expected yes or no)";
        return false;
    }

    public static bool TryParseInt(string value, out long result, out string problem)
    {
        problem = string.Empty;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        problem = $"bad numerical value \"{value}\"";
        return false;
    }

    public static bool TryParseSize(string value, out long result, out string problem)
    {
        problem = string.Empty;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        problem = $"bad size value \"{value}\" (expected a number of bytes)";
        return false;
    }

    /// <summary>A number with an optional unit s, m, h, d or w; a bare number uses <paramref name="defaultUnit"/>.</summary>
    public static bool TryParseTime(string value, char defaultUnit, out TimeSpan result, out string problem)
    {
        result = TimeSpan.Zero;
        problem = $"bad time value \"{value}\" (expected a number with optional unit s, m, h, d or w)";
        if (value.Length == 0)
        {
            return false;
        }

        var unit = char.IsAsciiLetter(value[^1]) ? char.ToLowerInvariant(value[^1]) : defaultUnit;
        var digits = char.IsAsciiLetter(value[^1]) ? value[..^1] : value;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? seconds = unit switch
        {
            's' => amount,
            'm' => amount * 60,
            'h' => amount * 3600,
            'd' => amount * 86400,
            'w' => amount * 604800,
            _ => null,
        };
        if (seconds is null || amount > int.MaxValue)
        {
            return false;
        }

        result = TimeSpan.FromSeconds(seconds.Value);
        problem = string.Empty;
        return true;
    }
}
