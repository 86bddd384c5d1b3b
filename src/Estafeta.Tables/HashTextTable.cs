// hash:, btree:, lmdb:, dbm:, texthash: read straight from the postmap text source (no .db file).
// Trusts: nothing in the file. Must never: match a key case-sensitively (Postfix folds keys to lower case).
namespace Estafeta.Tables;

internal sealed class HashTextTable(string name, string path) : FileBackedTable<Dictionary<string, string>>(name, path)
{
    protected override Dictionary<string, string> Load(IReadOnlyList<TextSourceLine> lines)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var (key, value) = SplitKeyValue(line);
            // postmap keeps the first of duplicate keys (and warns); so do we.
            entries.TryAdd(key.ToLowerInvariant(), value);
        }

        return entries;
    }

    protected override string? Find(Dictionary<string, string> content, string key) =>
        content.GetValueOrDefault(key.ToLowerInvariant());

    private (string Key, string Value) SplitKeyValue(TextSourceLine line)
    {
        var text = line.Text;
        var split = text.IndexOfAny([' ', '\t']);
        if (split < 0)
        {
            throw BadLine(line, "expected format: key whitespace value");
        }

        // Postfix allows an empty value only when the key is quoted; we require a value, as postmap does.
        var value = text[split..].Trim();
        if (value.Length == 0)
        {
            throw BadLine(line, "expected format: key whitespace value");
        }

        return (text[..split], value);
    }
}
