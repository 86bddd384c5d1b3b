// Opens a Postfix "type:name" table spec. The file types read the text source directly.
// Trusts: the configuration. Must never: fall back silently for a type it does not know.
namespace Estafeta.Tables;

/// <summary>How the text source of a file table is written.</summary>
public enum TextTableSyntax
{
    /// <summary>postmap(1) input: "key whitespace value".</summary>
    Postmap,

    /// <summary>aliases(5) / postalias(1) input: "name: value, value".</summary>
    Aliases,
}

/// <summary>The factory for lookup tables.</summary>
public static class LookupTables
{
    /// <summary>
    /// Opens <paramref name="spec"/>: hash:, btree:, lmdb:, dbm:, texthash:, cdb:, sdbm: (the text file itself),
    /// cidr:, regexp: (and pcre:, read as .NET regular expressions), inline:{...}, static:value,
    /// unix:passwd.byname, and proxy:X (= X).
    /// </summary>
    /// <param name="syntax">For the hash-type files: postmap or aliases syntax (alias_maps files are aliases(5)).</param>
    /// <exception cref="LookupTableException">Unknown type, missing file, or a bad line (the message names file and line).</exception>
    public static ILookupTable Open(string spec, TextTableSyntax syntax = TextTableSyntax.Postmap)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = spec.Trim();
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new LookupTableException($"need dictionary type:name, got \"{spec}\"");
        }

        var type = spec[..colon].ToLowerInvariant();
        var rest = spec[(colon + 1)..];
        switch (type)
        {
            case "proxy":
                return Open(rest, syntax);
            case "hash" or "btree" or "lmdb" or "dbm" or "texthash" or "cdb" or "sdbm":
                var path = FilePath(spec, rest);
                return syntax == TextTableSyntax.Aliases ? new AliasFileTable(spec, path) : new HashTextTable(spec, path);
            case "cidr":
                return new CidrTable(spec, FilePath(spec, rest));
            case "regexp" or "pcre":
                return new RegexpTable(spec, FilePath(spec, rest));
            case "inline":
                return InlineTable.Parse(spec, rest);
            case "static":
                return StaticTable.Parse(spec, rest);
            case "unix":
                return rest == "passwd.byname"
                    ? new UnixPasswdTable(spec)
                    : throw new LookupTableException($"unsupported unix map name \"{rest}\" in \"{spec}\" (only passwd.byname)");
            case "nis":
                return new DisabledNisTable(spec);
            default:
                throw new LookupTableException($"unsupported dictionary type: {type} (in \"{spec}\")");
        }
    }

    /// <summary>True when <paramref name="text"/> looks like a table spec ("type:name") rather than a plain value.</summary>
    public static bool IsTableSpec(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !text.StartsWith('[') && text[..colon].All(char.IsAsciiLetterOrDigit) && !System.Net.IPAddress.TryParse(text.Split('/')[0], out _);
    }

    private static string FilePath(string spec, string path) =>
        path.Length > 0 && Path.IsPathRooted(path)
            ? path
            : throw new LookupTableException($"\"{spec}\": the table name must be an absolute path");
}
