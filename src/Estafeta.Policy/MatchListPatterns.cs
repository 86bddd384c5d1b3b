// Expands a Postfix match list: "/file" entries are replaced by the words in the file.
// Trusts: the configuration and the files it names. Must never: silently drop an unreadable file.
using Estafeta.Tables;

namespace Estafeta.Policy;

internal static class MatchListPatterns
{
    public static IEnumerable<string> Expand(IEnumerable<string> patterns)
    {
        foreach (var raw in patterns)
        {
            foreach (var pattern in raw.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                var negated = pattern.StartsWith('!');
                var body = negated ? pattern[1..] : pattern;
                if (body.StartsWith('/'))
                {
                    foreach (var line in TextSourceLines(body))
                    {
                        yield return negated ? "!" + line : line;
                    }
                }
                else
                {
                    yield return pattern;
                }
            }
        }
    }

    private static IEnumerable<string> TextSourceLines(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LookupTableException($"open {path}: {e.Message}", e);
        }

        return lines
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] != '#')
            .SelectMany(line => line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries));
    }
}
