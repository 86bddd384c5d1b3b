// Renders untrusted bytes for log lines the way Postfix's escape() does: printable ASCII as is,
// \r \n \t as C escapes, anything else as \ooo octal. Must never: put a raw control byte in a log line.
using System.Text;

namespace Estafeta.Smtpd;

internal static class LogText
{
    /// <summary>What stands in a log line for text that may hold a secret (AUTH arguments and responses).</summary>
    public const string Redacted = "(AUTH data not logged)";

    /// <summary><see cref="Escape"/>, but from the first AUTH command on, nothing is shown: the argument and
    /// the lines after it may be base64 of a password.</summary>
    public static string EscapeWithoutSecrets(ReadOnlySpan<byte> bytes, int maxBytes = 100)
    {
        var at = 0;
        while (at < bytes.Length)
        {
            var rest = bytes[at..];
            if (rest.Length >= 4 && System.Text.Ascii.EqualsIgnoreCase(rest[..4], "AUTH"u8) && (rest.Length == 4 || rest[4] is (byte)' ' or (byte)'\r' or (byte)'\n'))
            {
                return Escape(bytes[..Math.Min(at + 4, maxBytes)], maxBytes) + " " + Redacted;
            }

            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            at += newline + 1;
        }

        return Escape(bytes, maxBytes);
    }

    public static string Escape(ReadOnlySpan<byte> bytes, int maxBytes = 100)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, maxBytes)])
        {
            switch (b)
            {
                case (byte)'\r':
                    builder.Append("\\r");
                    break;
                case (byte)'\n':
                    builder.Append("\\n");
                    break;
                case (byte)'\t':
                    builder.Append("\\t");
                    break;
                case (byte)'\\':
                    builder.Append("\\\\");
                    break;
                case >= 0x20 and < 0x7F:
                    builder.Append((char)b);
                    break;
                default:
                    builder.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
            }
        }

        return builder.ToString();
    }
}
