using System.Globalization;

namespace Estafeta.Delivery.Smtp;

/// <summary>A parsed smtp nexthop: "example.net" (MX lookup), "[host]" / "[host]:port" (no MX lookup),
/// "host:port" (MX lookup for host, as Postfix does).</summary>
/// <param name="Host">The domain or host name, or an IP address, without brackets.</param>
/// <param name="Port">The port given, or null for the default.</param>
/// <param name="LookupMx">False when the host was written in brackets.</param>
/// <param name="Text">The nexthop as written (a smtp_sasl_password_maps key).</param>
internal sealed record SmtpNexthop(string Host, int? Port, bool LookupMx, string Text)
{
    public static bool TryParse(string text, out SmtpNexthop nexthop)
    {
        nexthop = null!;
        var value = text.Trim();
        if (value.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("relay:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }

        string host;
        string? portText = null;
        bool lookupMx;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                return false;
            }

            host = value[1..close];
            var rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                portText = rest[1..];
            }

            lookupMx = false;
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon >= 0 && value.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                host = value[..colon];
                portText = value[(colon + 1)..];
            }
            else
            {
                host = value;
            }

            lookupMx = true;
        }

        if (host.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase))
        {
            host = host[5..];
        }

        host = host.TrimEnd('.');
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            return false;
        }

        int? port = null;
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
            {
                return false;
            }

            port = parsed;
        }

        nexthop = new SmtpNexthop(host, port, lookupMx, text.Trim());
        return true;
    }
}
