namespace Estafeta.Policy;

/// <summary>
/// The main.cf parameters Policy needs, already split into lists and with $names expanded (the Host maps
/// main.cf onto this). Defaults are Postfix 3.x defaults at compatibility_level ≥ 2 where they need no files.
/// </summary>
public sealed record PolicySettings
{
    /// <summary>myhostname.</summary>
    public string MyHostname { get; init; } = "localhost";

    /// <summary>myorigin: the domain appended to a recipient without one; null means MyHostname.</summary>
    public string? MyOrigin { get; init; }

    /// <summary>mydestination (names, ".parent" patterns, "!name", type:table specs, /file names);
    /// null means Postfix's default "$myhostname, localhost.$mydomain, localhost" as far as we know it.</summary>
    public IReadOnlyList<string>? MyDestination { get; init; }

    /// <summary>mynetworks (CIDR, bare addresses, "[::1]/128", "!pattern", type:table specs); null or empty: MyNetworksStyle decides.</summary>
    public IReadOnlyList<string>? MyNetworks { get; init; }

    /// <summary>mynetworks_style: host, subnet or class.</summary>
    public string MyNetworksStyle { get; init; } = "host";

    /// <summary>relay_domains (same syntax as mydestination; subdomains match too, as Postfix's parent_domain_matches_subdomains).</summary>
    public IReadOnlyList<string> RelayDomains { get; init; } = [];

    /// <summary>smtpd_relay_restrictions.</summary>
    public IReadOnlyList<string> RelayRestrictions { get; init; } = ["permit_mynetworks", "permit_sasl_authenticated", "defer_unauth_destination"];

    /// <summary>smtpd_recipient_restrictions.</summary>
    public IReadOnlyList<string> RecipientRestrictions { get; init; } = [];

    /// <summary>smtpd_sender_restrictions.</summary>
    public IReadOnlyList<string> SenderRestrictions { get; init; } = [];

    /// <summary>smtpd_client_restrictions.</summary>
    public IReadOnlyList<string> ClientRestrictions { get; init; } = [];

    /// <summary>smtpd_helo_restrictions.</summary>
    public IReadOnlyList<string> HeloRestrictions { get; init; } = [];

    /// <summary>smtpd_sender_login_maps: tables from sender address (user@domain, @domain) to the logins
    /// (comma-separated) that may use it; for reject_sender_login_mismatch and its variants.</summary>
    public IReadOnlyList<string> SenderLoginMaps { get; init; } = [];

    /// <summary>smtpd_delay_reject: evaluate client, helo and sender restrictions at RCPT time.</summary>
    public bool DelayReject { get; init; } = true;

    /// <summary>smtpd_reject_unlisted_recipient.</summary>
    public bool RejectUnlistedRecipient { get; init; } = true;

    /// <summary>local_recipient_maps as table specs; null means "proxy:unix:passwd.byname" plus AliasMaps;
    /// an EMPTY list turns the check off, as in Postfix.</summary>
    public IReadOnlyList<string>? LocalRecipientMaps { get; init; }

    /// <summary>alias_maps as table specs; their files are read in aliases(5) syntax.</summary>
    public IReadOnlyList<string> AliasMaps { get; init; } = [];

    /// <summary>recipient_delimiter (each character is a delimiter); null or empty for none.</summary>
    public string? RecipientDelimiter { get; init; }

    /// <summary>inet_interfaces ("all", "loopback-only", or addresses): user@[our-ip] is local only for these.</summary>
    public IReadOnlyList<string> InetInterfaces { get; init; } = ["all"];

    /// <summary>proxy_interfaces: more addresses that count as ours.</summary>
    public IReadOnlyList<string> ProxyInterfaces { get; init; } = [];

    public bool AllowPercentHack { get; init; } = true;

    public bool SwapBangpath { get; init; } = true;

    public bool ResolveDequotedAddress { get; init; } = true;

    /// <summary>allow_untrusted_routing.</summary>
    public bool AllowUntrustedRouting { get; init; }

    public int UnknownLocalRecipientRejectCode { get; init; } = 550;

    public int RelayDomainsRejectCode { get; init; } = 554;

    public int UnknownAddressRejectCode { get; init; } = 450;

    /// <summary>access_map_reject_code.</summary>
    public int AccessMapRejectCode { get; init; } = 554;

    /// <summary>access_map_defer_code.</summary>
    public int AccessMapDeferCode { get; init; } = 450;

    /// <summary>reject_code (the "reject" restriction).</summary>
    public int RejectCode { get; init; } = 554;

    /// <summary>defer_code (the "defer" restriction).</summary>
    public int DeferCode { get; init; } = 450;

    /// <summary>non_fqdn_reject_code.</summary>
    public int NonFqdnRejectCode { get; init; } = 504;

    /// <summary>unknown_client_hostname_reject_code.</summary>
    public int UnknownClientHostnameRejectCode { get; init; } = 450;

    /// <summary>Estafeta extension: DNS servers ("ip" or "ip:port") for domain checks; empty means /etc/resolv.conf.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];
}
