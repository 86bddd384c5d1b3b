using System.Text;

namespace Estafeta.Pickup;

/// <summary>
/// The addresses in an RFC 5322 address list, as Postfix's tok822 finds them in a sendmail argument or a
/// To:/Cc:/Bcc: header: "a@b, Name &lt;c@d&gt;, "Last, First" &lt;e@f&gt; (comment), group: g@h, i@j;".
/// Comments and display names are dropped; an angle address wins over the words before it.
/// </summary>
internal static class AddressList
{
    /// <summary>The addresses in order; "&lt;&gt;" gives an empty string (the null sender).</summary>
    public static List<string> Parse(string text)
    {
        var addresses = new List<string>();
        var bare = new StringBuilder();
        string? angle = null;
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            switch (c)
            {
                case '(':
                    position = SkipComment(text, position);
                    continue;
                case '"':
                    var end = QuotedEnd(text, position);
                    bare.Append(text, position, end - position);
                    position = end;
                    continue;
                case '<':
                    var close = text.IndexOf('>', position + 1);
                    var inside = close < 0 ? text[(position + 1)..] : text[(position + 1)..close];
                    angle = WithoutSourceRoute(inside.Trim());
                    position = close < 0 ? text.Length : close + 1;
                    continue;
                case ':':
                    // A group name ("team: a, b;") is a phrase, not an address.
                    bare.Clear();
                    break;
                case ',':
                case ';':
                    Finish(addresses, bare, ref angle);
                    break;
                default:
                    // Blanks between tokens go, as tok822 drops them ("user @ host" is "user@host").
                    if (!char.IsWhiteSpace(c))
                    {
                        bare.Append(c);
                    }

                    break;
            }

            position++;
        }

        Finish(addresses, bare, ref angle);
        return addresses;
    }

    private static void Finish(List<string> addresses, StringBuilder bare, ref string? angle)
    {
        if (angle is not null)
        {
            addresses.Add(angle);
        }
        else
        {
            if (bare.Length > 0)
            {
                addresses.Add(bare.ToString());
            }
        }

        bare.Clear();
        angle = null;
    }

    private static string WithoutSourceRoute(string address)
    {
        // "<@relay1,@relay2:user@host>" → "user@host".
        if (address.StartsWith('@'))
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? address : address[(colon + 1)..];
        }

        return address;
    }

    private static int SkipComment(string text, int position)
    {
        var depth = 0;
        for (; position < text.Length; position++)
        {
            switch (text[position])
            {
                case '\\':
                    position++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return position + 1;
                    }

                    break;
            }
        }

        return text.Length;
    }

    private static int QuotedEnd(string text, int position)
    {
        for (position++; position < text.Length; position++)
        {
            if (text[position] == '\\')
            {
                position++;
            }
            else if (text[position] == '"')
            {
                return position + 1;
            }
        }

        return text.Length;
    }
}
