using System.Net;

namespace Estafeta.Core.Addresses;

/// <summary>The domain half of an address on its own (HELO arguments, literals found after the percent hack).</summary>
public static class SmtpDomain
{
    /// <summary>Parses a domain or address literal: lower-cases it, drops one trailing dot, and gives the
    /// literal's address. False when it is not RFC 5321 syntax or longer than 255 octets.</summary>
    public static bool TryParse(string text, bool allowUtf8, out string domain, out IPAddress? literal)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SmtpPathParser.ParseDomain(text, allowUtf8, out domain, out literal) == AddressParseError.None;
    }
}
