namespace Estafeta.Config;

/// <summary>A configuration error that names where it is: "FILE, line N: problem".</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, string problem)
        : base(line > 0 ? $"{file}, line {line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public ConfigException(string file, int line, string problem, Exception innerException)
        : base(line > 0 ? $"{file}, line {line}: {problem}" : $"{file}: {problem}", innerException)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }

    /// <summary>1-based line number, or 0 when the problem is not on one line.</summary>
    public int Line { get; }

    public string Problem { get; }
}
