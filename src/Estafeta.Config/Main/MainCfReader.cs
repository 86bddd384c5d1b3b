namespace Estafeta.Config;

/// <summary>Splits main.cf text into name = value assignments (logical lines as <see cref="LogicalLines"/> reads them).</summary>
internal static class MainCfReader
{
    public static List<MainCfAssignment> Read(string text, string sourceName, List<ConfigWarning> warnings)
    {
        // Postfix warns and skips a continuation line with nothing before it rather than failing.
        var lines = LogicalLines.Read(text, (line, number) =>
            warnings.Add(new ConfigWarning(sourceName, number, $"logical line must not start with whitespace: \"{line}\"")));
        return lines.ConvertAll(logical => Split(logical.Text, sourceName, logical.Line));
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
