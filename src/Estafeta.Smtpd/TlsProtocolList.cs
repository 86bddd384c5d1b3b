// smtpd_tls_protocols as Postfix spells it (">=TLSv1.2", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", "TLSv1.2 TLSv1.3"),
// reduced to what Estafeta ever allows: TLS 1.2 and 1.3. Must never: enable anything older than TLS 1.2.
using System.Security.Authentication;

namespace Estafeta.Smtpd;

internal static class TlsProtocolList
{
    private static readonly string[] Order = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

    /// <exception cref="ArgumentException">An unknown name, or a list that leaves neither TLS 1.2 nor 1.3.</exception>
    public static SslProtocols Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var allowed = new HashSet<string>(Order, StringComparer.OrdinalIgnoreCase);
        var included = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split([',', ' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.StartsWith(">=", StringComparison.Ordinal) || raw.StartsWith("<=", StringComparison.Ordinal))
            {
                var index = IndexOf(raw[2..]);
                allowed.RemoveWhere(name => raw[0] == '>' ? IndexOf(name) < index : IndexOf(name) > index);
            }
            else if (raw.StartsWith('!'))
            {
                IndexOf(raw[1..]);
                allowed.Remove(raw[1..]);
            }
            else
            {
                IndexOf(raw);
                included.Add(raw);
            }
        }

        if (included.Count > 0)
        {
            allowed.IntersectWith(included);
        }

        var result = SslProtocols.None;
        result |= allowed.Contains("TLSv1.2") ? SslProtocols.Tls12 : SslProtocols.None;
        result |= allowed.Contains("TLSv1.3") ? SslProtocols.Tls13 : SslProtocols.None;
        return result != SslProtocols.None
            ? result
            : throw new ArgumentException($"smtpd_tls_protocols = {text} leaves neither TLSv1.2 nor TLSv1.3 (Estafeta never uses older versions)");
    }

    private static int IndexOf(string name)
    {
        var index = Array.FindIndex(Order, known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new ArgumentException($"smtpd_tls_protocols: unknown protocol \"{name}\"");
    }
}
