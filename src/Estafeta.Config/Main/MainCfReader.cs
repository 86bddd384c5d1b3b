namespace Estafeta.Config;

/// <summary>
/// Splits main.cf text into assignments the way Postfix's readlline does: comments are lines whose first
/// non-blank character is #, a line starting with white space continues the previous one (joined with one space;
/// comments and blank lines in between do not end it).
/// </summary>
internal static class MainCfReader
{
    public static List<MainCfAssignment> Read(string text, string sourceName, List<ConfigWarning> warnings)
    {
        var assignments = new List<MainCfAssignment>();
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
                    // Postfix warns and skips such a line rather than failing.
                    warnings.Add(new ConfigWarning(sourceName, index + 1, $"logical line must not start with whitespace: \"{line}\""));
                    continue;
                }

                logical = logical + " " + trimmed;
                continue;
            }

            if (logical is not null)
            {
                assignments.Add(Split(logical, sourceName, logicalLine));
            }

            logical = trimmed;
            logicalLine = index + 1;
        }

        if (logical is not null)
        {
            assignments.Add(Split(logical, sourceName, logicalLine));
        }

        return assignments;
    }

    private static MainCfAssignment Split(string logical, string sourceName, int line)
    {
        var equals = logical.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new ConfigException(sourceName, line, $"missing '=' after attribute name: \"{logical}\"");
        }

        var name = logical[..equals].Trim();
        if (name.Length == 0)
        {
            throw new ConfigException(sourceName, line, $"missing attribute name: \"{logical}\"");
        }

        if (name.Any(char.IsWhiteSpace))
        {
            throw new ConfigException(sourceName, line, $"white space in attribute name: \"{name}\"");
        }

        return new MainCfAssignment(name, logical[(equals + 1)..].Trim(), sourceName, line);
    }
}
