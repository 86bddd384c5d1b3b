// Renders untrusted bytes for log lines the way Postfix's escape() does: printable ASCII as is,
// \r \n \t as C escapes, anything else as \ooo octal. Must never: put a raw control byte in a log line.
using System.Text;

namespace Estafeta.Smtpd;

internal static class LogText
{
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
