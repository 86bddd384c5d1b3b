// RFC 5321 Path / Mailbox parser: [ A-d-l ":" ] Mailbox, inside optional angle brackets.
// Trusts: nothing; the input comes straight from a client. Must never: accept a value it cannot
// represent exactly (fails closed), loop without consuming input, or keep a control character.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Estafeta.Core.Addresses;

internal static class SmtpPathParser
{
    public static AddressParseError Parse(string text, bool allowUtf8, out SmtpAddress? address)
    {
        address = null;

        // RFC 5321 §4.5.3.1.3 counts the angle brackets; count them when the caller already removed them.
        var brackets = text.StartsWith('<') ? 0 : 2;
        if (Encoding.UTF8.GetByteCount(text) + brackets > SmtpAddress.MaxPathLength)
        {
            return AddressParseError.PathTooLong;
        }

        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '<')
        {
            if (span.Length < 2 || span[^1] != '>')
            {
                return AddressParseError.Syntax;
            }

            span = span[1..^1];
        }

        if (span.Length == 0)
        {
            address = SmtpAddress.Null;
            return AddressParseError.None;
        }

        if (!allowUtf8 && !Ascii.IsValid(span))
        {
            return AddressParseError.NonAsciiWithoutSmtpUtf8;
        }

        if (span[0] == '@')
        {
            // Source route "@a,@b:": syntax-checked, then dropped (RFC 5321 §3.6.1, Postfix).
            var colon = span.IndexOf(':');
            if (colon < 0 || !IsSourceRoute(span[..colon], allowUtf8))
            {
                return AddressParseError.Syntax;
            }

            span = span[(colon + 1)..];
        }

        var position = 0;
        string localPart;
        if (span.Length > 0 && span[0] == '"')
        {
            if (!TryReadQuotedString(span, allowUtf8, ref position, out localPart))
            {
                return AddressParseError.Syntax;
            }
        }
        else
        {
            while (position < span.Length && span[position] != '@')
            {
                position++;
            }

            localPart = span[..position].ToString();
            if (!LocalPartSyntax.IsDotString(localPart) || (!allowUtf8 && !Ascii.IsValid(localPart)))
            {
                return AddressParseError.Syntax;
            }
        }

        if (Encoding.UTF8.GetByteCount(localPart) > SmtpAddress.MaxLocalPartLength)
        {
            return AddressParseError.LocalPartTooLong;
        }

        if (position == span.Length)
        {
            if (localPart.Length == 0)
            {
                return AddressParseError.Syntax; // <""> is not the null path.
            }

            // No domain: Postfix accepts "RCPT TO:<user>" and appends $myorigin later.
            address = new SmtpAddress(localPart, string.Empty, null);
            return AddressParseError.None;
        }

        if (span[position] != '@')
        {
            return AddressParseError.Syntax;
        }

        var domainError = ParseDomain(span[(position + 1)..], allowUtf8, out var domain, out var literal);
        if (domainError != AddressParseError.None)
        {
            return domainError;
        }

        address = new SmtpAddress(localPart, domain, literal);
        return AddressParseError.None;
    }

    private static bool IsSourceRoute(ReadOnlySpan<char> route, bool allowUtf8)
    {
        foreach (var range in route.Split(','))
        {
            var hop = route[range];
            if (hop.Length < 2 || hop[0] != '@' || ParseDomain(hop[1..], allowUtf8, out _, out _) != AddressParseError.None)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadQuotedString(ReadOnlySpan<char> span, bool allowUtf8, ref int position, out string value)
    {
        var builder = new StringBuilder();
        value = string.Empty;
        position = 1;
        while (position < span.Length)
        {
            var c = span[position++];
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                // quoted-pairSMTP: "\" followed by %d32-126 only.
                if (position == span.Length || span[position] < 32 || span[position] > 126)
                {
                    return false;
                }

                builder.Append(span[position++]);
            }
            else if (LocalPartSyntax.IsQtext(c, allowUtf8))
            {
                builder.Append(c);
            }
            else
            {
                return false;
            }
        }

        return false;
    }

    internal static AddressParseError ParseDomain(ReadOnlySpan<char> text, bool allowUtf8, out string domain, out IPAddress? literal)
    {
        domain = string.Empty;
        literal = null;
        if (text.Length > 0 && text[0] == '[')
        {
            return TryParseLiteral(text, out domain, out literal) ? AddressParseError.None : AddressParseError.Syntax;
        }

        // Postfix strips one trailing dot: user@domain. is user@domain.
        if (text.Length > 1 && text[^1] == '.')
        {
            text = text[..^1];
        }

        if (Encoding.UTF8.GetByteCount(text) > SmtpAddress.MaxDomainLength)
        {
            return AddressParseError.DomainTooLong;
        }

        if (text.Length == 0)
        {
            return AddressParseError.Syntax;
        }

        foreach (var range in text.Split('.'))
        {
            if (!IsLabel(text[range], allowUtf8))
            {
                return AddressParseError.Syntax;
            }
        }

        domain = text.ToString().ToLowerInvariant();
        return AddressParseError.None;
    }

    private static bool IsLabel(ReadOnlySpan<char> label, bool allowUtf8)
    {
        if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            // Underscores are not RFC 5321, but real host names carry them and Postfix accepts them.
            var ok = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowUtf8 && c > 127 && !char.IsControl(c) && !char.IsWhiteSpace(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseLiteral(ReadOnlySpan<char> text, out string domain, out IPAddress? literal)
    {
        domain = string.Empty;
        literal = null;
        if (text.Length < 3 || text[^1] != ']')
        {
            return false;
        }

        var inner = text[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            if (!IPAddress.TryParse(inner[5..], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || inner[5..].Contains('%'))
            {
                return false;
            }

            literal = v6;
            domain = $"[ipv6:{v6}]";
            return true;
        }

        // IPv4 literal: exactly four decimal octets (IPAddress.TryParse alone accepts "1" or "0x7f.1").
        var parts = 0;
        foreach (var range in inner.Split('.'))
        {
            var part = inner[range];
            if (part.Length is 0 or > 3 || !int.TryParse(part, System.Globalization.NumberStyles.None, null, out var value) || value > 255)
            {
                return false;
            }

            parts++;
        }

        if (parts != 4 || !IPAddress.TryParse(inner, out var v4))
        {
            return false;
        }

        literal = v4;
        domain = $"[{v4}]";
        return true;
    }
}
