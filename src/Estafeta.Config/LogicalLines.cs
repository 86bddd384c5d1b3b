namespace Estafeta.Config;

/// <summary>One logical line of a Postfix configuration file and the physical line it starts on.</summary>
internal readonly record struct LogicalLine(string Text, int Line);

/// <summary>
/// Postfix's readlline, shared by main.cf and master.cf: comments are lines whose first non-blank character
/// is #, a line starting with white space continues the previous one (joined with one space; comments and
/// blank lines in between do not end it).
/// </summary>
internal static class LogicalLines
{
    /// <param name="orphanContinuation">Called for a continuation line with nothing before it (its text and
    /// line number): main.cf warns and skips it, master.cf throws.</param>
    public static List<LogicalLine> Read(string text, Action<string, int> orphanContinuation)
    {
        var result = new List<LogicalLine>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        string? logical = null;
        var logicalLine = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]))
            {
                if (logical is null)
                {
                    orphanContinuation(line, index + 1);
                    continue;
                }

                logical = logical + " " + trimmed;
                continue;
            }

            if (logical is not null)
            {
                result.Add(new LogicalLine(logical, logicalLine));
            }

            logical = trimmed;
            logicalLine = index + 1;
        }

        if (logical is not null)
        {
            result.Add(new LogicalLine(logical, logicalLine));
        }

        return result;
    }

    /// <summary>Reads a whole configuration file; any failure is a ConfigException naming the file.</summary>
    public static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ConfigException(path, 0, "cannot read: " + e.Message, e);
        }
    }
}
