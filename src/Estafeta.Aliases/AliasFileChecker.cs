// `estafeta aliases` / newaliases: checks an aliases(5) text file and reports each problem with its line
// number, in postalias's words. Trusts: nothing in the file. Must never: change the file, or open
// anything an entry names (an :include: path is checked for form only).
using Estafeta.Tables;

namespace Estafeta.Aliases;

/// <summary>Checks an aliases(5) file the way newaliases(1)/postalias(1) read it.</summary>
public static class AliasFileChecker
{
    private const int MaxFileBytes = 16 << 20;

    /// <summary>The problems in the aliases file at <paramref name="path"/>; empty when it is fine.</summary>
    public static IReadOnlyList<AliasFileProblem> Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                return [new AliasFileProblem(AliasProblemSeverity.Fatal, path, 0, $"{path}: file larger than {MaxFileBytes} bytes")];
            }

            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException => "Permission denied",
                _ => e.Message,
            };
            return [new AliasFileProblem(AliasProblemSeverity.Fatal, path, 0, $"open {path}: {reason}")];
        }

        return CheckLines(path, lines);
    }

    /// <summary>The problems in <paramref name="lines"/>, reported as being in <paramref name="path"/>.</summary>
    public static IReadOnlyList<AliasFileProblem> CheckLines(string path, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(lines);
        var problems = new List<AliasFileProblem>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (number, text) in LogicalLines(lines))
        {
            void Report(AliasProblemSeverity severity, string message) => problems.Add(new AliasFileProblem(severity, path, number, message));

            if (!QuotesBalanced(text))
            {
                Report(AliasProblemSeverity.Error, "unbalanced quotes");
                continue;
            }

            var colon = NameEnd(text);
            var name = colon > 0 ? text[..colon].Trim() : string.Empty;
            var value = colon > 0 ? text[(colon + 1)..].Trim() : string.Empty;
            if (name.Length == 0 || value.Length == 0 || UnquotedIndexOf(name, ',') >= 0)
            {
                Report(AliasProblemSeverity.Error, "need name:value pair");
                continue;
            }

            if (UnquotedIndexOf(name, '@') >= 0 || UnquotedIndexOf(name, '%') >= 0)
            {
                Report(AliasProblemSeverity.Error, "name must be local");
                continue;
            }

            foreach (var target in AliasValues.Split(value))
            {
                if (target.StartsWith(":include:", StringComparison.OrdinalIgnoreCase) && !target[":include:".Length..].Trim().StartsWith('/'))
                {
                    Report(AliasProblemSeverity.Error, $"{target} uses a relative path");
                }
            }

            var key = name.Trim('"');
            if (firstLineOf.TryGetValue(key, out var first))
            {
                Report(AliasProblemSeverity.Warning, $"duplicate entry: \"{key}\" (first on line {first}; that one is used)");
            }
            else
            {
                firstLineOf[key] = number;
            }
        }

        return problems;
    }

    /// <summary>Postfix's text-source rules: '#' comments and blank lines skipped; a line starting with
    /// white space continues the entry before it. Each entry keeps the number of its first line.</summary>
    private static IEnumerable<(int Number, string Text)> LogicalLines(IReadOnlyList<string> lines)
    {
        var number = 0;
        string? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && current is not null)
            {
                current += " " + trimmed;
                continue;
            }

            if (current is not null)
            {
                yield return (number, current);
            }

            (number, current) = (i + 1, trimmed);
        }

        if (current is not null)
        {
            yield return (number, current);
        }
    }

    private static bool QuotesBalanced(string text) => CountQuotes(text) % 2 == 0;

    private static int CountQuotes(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }
            else if (text[i] == '"')
            {
                count++;
            }
        }

        return count;
    }

    private static int NameEnd(string text) => UnquotedIndexOf(text, ':');

    /// <summary>The first <paramref name="wanted"/> outside double quotes, or -1.</summary>
    private static int UnquotedIndexOf(string text, char wanted)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                default:
                    if (!quoted && text[i] == wanted)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }
}
