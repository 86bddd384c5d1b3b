// Postfix's trivial-rewrite "resolve": where does a recipient go (transport, next hop, address)?
// Trusts: the configuration and its tables; addresses were syntax-checked by Smtpd or sendmail.
// Must never: send mail for a foreign domain to the local transport (only mydestination and our
// own address literals are local), or guess when a table cannot be read (that throws: a deferral).
using Estafeta.Tables;

namespace Estafeta.QueueManager;

/// <summary>Where one recipient goes.</summary>
/// <param name="Transport">The transport (master.cf service name): "local", "smtp", "relay", "error", "discard", ...</param>
/// <param name="Nexthop">The next hop: a host or domain for smtp, the host name for local, the reason for error.</param>
/// <param name="Recipient">The address with its domain qualified, lower-cased and without a trailing dot.</param>
public sealed record ResolvedAddress(string Transport, string Nexthop, string Recipient);

/// <summary>Resolves recipients: transport_maps, then mydestination, relay_domains, default_transport.</summary>
public sealed class Resolver
{
    private readonly QueueManagerSettings _settings;
    private readonly IReadOnlyList<ILookupTable> _transportMaps;
    private readonly Func<string, bool> _isLocal;
    private readonly Func<string, bool> _isRelay;

    /// <summary>Opens the transport_maps tables. Throws LookupTableException for a bad table spec.</summary>
    public Resolver(QueueManagerSettings settings)
        : this(settings, [.. settings.TransportMaps.Select(spec => LookupTables.Open(spec))])
    {
    }

    /// <summary>With tables already open (tests, or a caller that shares them).</summary>
    public Resolver(QueueManagerSettings settings, IReadOnlyList<ILookupTable> transportMaps)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _transportMaps = transportMaps;
        var hostname = settings.MyHostname.ToLowerInvariant();
        _isLocal = settings.IsLocalDomain ?? (domain => domain == hostname || domain == "localhost");
        _isRelay = settings.IsRelayDomain ?? (_ => false);
    }

    /// <summary>Resolves one address. Throws LookupTableException when a transport table cannot be read.</summary>
    public ResolvedAddress Resolve(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        var localPart = at < 0 ? address : address[..at];
        var domain = at < 0 ? _settings.Origin : address[(at + 1)..];
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var recipient = localPart + "@" + domain;

        var (transport, nexthop) = DefaultRoute(domain);
        if (FindTransport(localPart, domain) is { } entry)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var mappedTransport = (colon < 0 ? entry : entry[..colon]).Trim();
            var mappedNexthop = colon < 0 ? string.Empty : entry[(colon + 1)..].Trim();
            if (mappedTransport.Length > 0)
            {
                transport = mappedTransport;
            }

            if (mappedNexthop.Length > 0 || transport is "error" or "discard")
            {
                // error and discard take the text after the colon as their reason, even when it is empty.
                nexthop = mappedNexthop;
            }
        }

        return new ResolvedAddress(transport, nexthop, recipient);
    }

    private (string Transport, string Nexthop) DefaultRoute(string domain)
    {
        if (_isLocal(domain))
        {
            return Split(_settings.EffectiveLocalTransport, _settings.MyHostname);
        }

        // relayhost overrides the recipient domain for relay_transport and default_transport alike,
        // unless the transport setting names its own next hop (postconf(5), relay_transport).
        var remoteNexthop = _settings.RelayHost.Length > 0 ? _settings.RelayHost : domain;
        return Split(_isRelay(domain) ? _settings.RelayTransport : _settings.DefaultTransport, remoteNexthop);
    }

    private static (string Transport, string Nexthop) Split(string setting, string defaultNexthop)
    {
        var colon = setting.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (setting.Trim(), defaultNexthop);
        }

        var nexthop = setting[(colon + 1)..].Trim();
        return (setting[..colon].Trim(), nexthop.Length > 0 ? nexthop : defaultNexthop);
    }

    // transport(5) search order: user@domain, domain, .parent domains (parent_domain_matches_subdomains
    // does not list transport_maps by default), then "*". Each key is asked of every table in turn.
    private string? FindTransport(string localPart, string domain)
    {
        if (_transportMaps.Count == 0)
        {
            return null;
        }

        foreach (var key in TransportKeys(localPart, domain))
        {
            foreach (var table in _transportMaps)
            {
                if (table.Lookup(key) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> TransportKeys(string localPart, string domain)
    {
        yield return localPart.ToLowerInvariant() + "@" + domain;
        yield return domain;
        for (var dot = domain.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            yield return domain[dot..];
        }

        yield return "*";
    }
}
