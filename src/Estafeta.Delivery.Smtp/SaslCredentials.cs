// Finds the relayhost password in smtp_sasl_password_maps and builds AUTH PLAIN / LOGIN exchanges.
// Trusts: the configured tables. Must never: write the password (or a base64 of it) to a log, a reason or an exception.
using System.Text;
using Estafeta.Tables;

namespace Estafeta.Delivery.Smtp;

/// <summary>A user name and password for one server. ToString never shows the password.</summary>
internal sealed record SaslCredentials(string User, string Password)
{
    public override string ToString() => $"SaslCredentials {{ User = {User} }}";

    /// <summary>The initial response of AUTH PLAIN (RFC 4616): base64("\0user\0password").</summary>
    public string PlainResponse() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{User}\0{Password}"));

    public string LoginUser() => Convert.ToBase64String(Encoding.UTF8.GetBytes(User));

    public string LoginPassword() => Convert.ToBase64String(Encoding.UTF8.GetBytes(Password));
}

/// <summary>smtp_sasl_password_maps, looked up as Postfix's smtp(8) does: the server's host name, then the nexthop as written.</summary>
internal sealed class SaslPasswordMaps
{
    private readonly IReadOnlyList<ILookupTable> _tables;

    public SaslPasswordMaps(IReadOnlyList<string> specs)
    {
        _tables = [.. specs.Where(s => s.Length > 0).Select(s => LookupTables.Open(s))];
    }

    /// <summary>The credentials for a server, or null. Throws <see cref="LookupTableException"/> when a table cannot be read.</summary>
    public SaslCredentials? Find(SmtpServerAddress server, SmtpNexthop nexthop)
    {
        foreach (var key in new[] { server.HostName, nexthop.Text }.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var table in _tables)
            {
                var value = table.Lookup(key.ToLowerInvariant()) ?? table.Lookup(key);
                if (value is null)
                {
                    continue;
                }

                var colon = value.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? new SaslCredentials(value, string.Empty) : new SaslCredentials(value[..colon], value[(colon + 1)..]);
            }
        }

        return null;
    }
}
