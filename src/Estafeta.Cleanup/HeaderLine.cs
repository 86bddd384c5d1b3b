namespace Estafeta.Cleanup;

/// <summary>Recognises header lines by their name (RFC 5322 field-name: printable ASCII but ':', then ':').</summary>
internal static class HeaderLine
{
    /// <summary>The field name of a header's first line, or an empty span when the line is not a header.</summary>
    public static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return [];
        }

        // Postfix's is_header() allows white space between the name and the colon.
        var name = line[..colon].TrimEnd(" \t"u8);
        foreach (var b in name)
        {
            if (b is < 33 or > 126)
            {
                return [];
            }
        }

        return name;
    }

    public static bool IsContinuation(ReadOnlySpan<byte> line) => line.Length > 0 && line[0] is (byte)' ' or (byte)'\t';

    public static bool Is(ReadOnlySpan<byte> name, string expected)
    {
        if (name.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.ToLowerInvariant((char)name[i]) != char.ToLowerInvariant(expected[i]))
            {
                return false;
            }
        }

        return true;
    }
}
