// An aliases(5) file read directly (what postalias would compile): "name: value, value".
// Trusts: nothing in the file. Must never: run or open anything named in a value; that is for
// local delivery, which decides what a "|cmd", "/file" or ":include:" may do.
namespace Estafeta.Tables;

internal sealed class AliasFileTable(string name, string path) : FileBackedTable<Dictionary<string, string>>(name, path)
{
    protected override Dictionary<string, string> Load(IReadOnlyList<TextSourceLine> lines)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var colon = FindNameEnd(line.Text);
            if (colon <= 0)
            {
                throw BadLine(line, "need name:value pair");
            }

            var key = Unquote(line.Text[..colon].Trim());
            var value = line.Text[(colon + 1)..].Trim();
            if (key.Length == 0 || value.Length == 0)
            {
                throw BadLine(line, "need name:value pair");
            }

            entries.TryAdd(key.ToLowerInvariant(), value);
        }

        return entries;
    }

    protected override string? Find(Dictionary<string, string> content, string key) =>
        content.GetValueOrDefault(key.ToLowerInvariant());

    /// <summary>The ':' that ends the name; a quoted name ("name with spaces") may contain one.</summary>
    private static int FindNameEnd(string text)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' when quoted:
                    i++;
                    break;
                case ':' when !quoted:
                    return i;
                default:
                    break;
            }
        }

        return -1;
    }

    private static string Unquote(string name) =>
        name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : name;
}
