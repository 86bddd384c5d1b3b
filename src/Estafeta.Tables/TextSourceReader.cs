// Splits a Postfix text source (postmap/postalias/regexp/cidr input) into logical lines.
// Trusts: nothing about the file. Must never: merge a comment into a value or lose the line number.
namespace Estafeta.Tables;

internal static class TextSourceReader
{
    /// <summary>
    /// Postfix rules: blank lines and lines whose first non-blank character is '#' are ignored;
    /// a line that starts with whitespace continues the previous logical line.
    /// </summary>
    public static List<TextSourceLine> ReadLogicalLines(string path)
    {
        string[] physical;
        try
        {
            physical = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LookupTableException($"open {path}: {e.Message}", e);
        }

        return Join(physical);
    }

    internal static List<TextSourceLine> Join(IReadOnlyList<string> physical)
    {
        var lines = new List<TextSourceLine>();
        var current = default(System.Text.StringBuilder);
        var currentNumber = 0;
        for (var i = 0; i < physical.Count; i++)
        {
            var line = physical[i].TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && current is not null)
            {
                current.Append(' ').Append(trimmed);
                continue;
            }

            if (current is not null)
            {
                lines.Add(new TextSourceLine(currentNumber, current.ToString()));
            }

            current = new System.Text.StringBuilder(trimmed);
            currentNumber = i + 1;
        }

        if (current is not null)
        {
            lines.Add(new TextSourceLine(currentNumber, current.ToString()));
        }

        return lines;
    }
}
