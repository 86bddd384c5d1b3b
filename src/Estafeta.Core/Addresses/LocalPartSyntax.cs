// Character classes of RFC 5321 §4.1.2 / RFC 6531 for local parts and domains.
// Trusts: nothing. Must never: accept control characters, CR, LF or NUL anywhere.
using System.Text;

namespace Estafeta.Core.Addresses;

internal static class LocalPartSyntax
{
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>atext: ALPHA / DIGIT / the RFC 5322 specials; any non-ASCII (UTF-8) when allowed.</summary>
    public static bool IsAtext(char c, bool allowUtf8) =>
        char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c, StringComparison.Ordinal) || (allowUtf8 && c > 127 && !char.IsControl(c));

    /// <summary>qtextSMTP: %d32-33 / %d35-91 / %d93-126, plus UTF-8 when allowed.</summary>
    public static bool IsQtext(char c, bool allowUtf8) =>
        (c >= 32 && c <= 126 && c != '"' && c != '\\') || (allowUtf8 && c > 127 && !char.IsControl(c));

    public static bool IsDotString(string localPart)
    {
        if (localPart.Length == 0 || localPart[0] == '.' || localPart[^1] == '.' || localPart.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in localPart)
        {
            if (c != '.' && !IsAtext(c, allowUtf8: true))
            {
                return false;
            }
        }

        return true;
    }

    public static string Quote(string localPart)
    {
        var builder = new StringBuilder(localPart.Length + 2).Append('"');
        foreach (var c in localPart)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}
