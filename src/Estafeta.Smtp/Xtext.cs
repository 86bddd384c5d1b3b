// xtext (RFC 3461 §4): printable ASCII with "+XX" hex escapes, used by ENVID= and ORCPT=.
// Trusts: nothing. Must never: decode to bytes outside printable ASCII (callers keep the result
// in queue records and log lines, which must not carry control characters).
using System.Text;

namespace Estafeta.Smtp;

public static class Xtext
{
    /// <summary>Decodes xtext into printable ASCII; null when the input is not valid xtext or decodes to a control character.</summary>
    public static string? Decode(ReadOnlySpan<byte> xtext)
    {
        var builder = new StringBuilder(xtext.Length);
        for (var i = 0; i < xtext.Length; i++)
        {
            var b = xtext[i];
            if (b == (byte)'+')
            {
                if (i + 2 >= xtext.Length)
                {
                    return null;
                }

                var high = HexValue(xtext[i + 1]);
                var low = HexValue(xtext[i + 2]);
                if (high < 0 || low < 0)
                {
                    return null;
                }

                var decoded = (high << 4) | low;
                if (decoded is < 0x20 or > 0x7E)
                {
                    return null;
                }

                builder.Append((char)decoded);
                i += 2;
            }
            else if (b is < 33 or > 126 or (byte)'=')
            {
                return null;
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>Encodes printable text as xtext ('+', '=' and anything outside 33..126 become "+XX").</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in Encoding.UTF8.GetBytes(text))
        {
            if (c is < 33 or > 126 or (byte)'+' or (byte)'=')
            {
                builder.Append('+').Append(c.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)c);
            }
        }

        return builder.ToString();
    }

    // RFC 3461 requires upper-case hex; lower case is tolerated, as Postfix does.
    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}
