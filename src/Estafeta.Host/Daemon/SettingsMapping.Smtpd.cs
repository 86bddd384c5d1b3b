// The smtpd side of SettingsMapping: Smtpd and Policy settings for one inet service.
using Estafeta.Config;
using Estafeta.Policy;
using Estafeta.Smtpd;

namespace Estafeta.Host.Daemon;

internal static partial class SettingsMapping
{
    public static SmtpdSettings Smtpd(MainConfig config, MasterService service) => new()
    {
        MyHostname = config.Get("myhostname"),
        Banner = config.Get("smtpd_banner"),
        ServiceName = service.Name,
        MessageSizeLimit = config.GetSize("message_size_limit"),
        RecipientLimit = (int)config.GetInt("smtpd_recipient_limit"),
        Timeout = config.GetTime("smtpd_timeout"),
        SoftErrorLimit = (int)config.GetInt("smtpd_soft_error_limit"),
        HardErrorLimit = (int)config.GetInt("smtpd_hard_error_limit"),
        ErrorSleepTime = config.GetTime("smtpd_error_sleep_time"),
        JunkCommandLimit = (int)config.GetInt("smtpd_junk_command_limit"),
        ClientConnectionCountLimit = (int)config.GetInt("smtpd_client_connection_count_limit"),
        ProcessLimit = ProcessLimit(config, service),
        DisableVrfyCommand = config.GetBool("disable_vrfy_command"),
        ForbidBareNewline = BareNewline(config),
        ForbidUnauthPipelining = config.GetBool("smtpd_forbid_unauth_pipelining"),
    };

    public static PolicySettings Policy(MainConfig config) => new()
    {
        MyHostname = config.Get("myhostname"),
        MyOrigin = config.Get("myorigin"),
        MyDestination = config.GetList("mydestination"),
        MyNetworks = config.GetList("mynetworks"),
        MyNetworksStyle = config.Get("mynetworks_style"),
        RelayDomains = config.GetList("relay_domains"),
        RelayRestrictions = config.GetList("smtpd_relay_restrictions"),
        RecipientRestrictions = config.GetList("smtpd_recipient_restrictions"),
        SenderRestrictions = config.GetList("smtpd_sender_restrictions"),
        ClientRestrictions = config.GetList("smtpd_client_restrictions"),
        HeloRestrictions = config.GetList("smtpd_helo_restrictions"),
        DelayReject = config.GetBool("smtpd_delay_reject"),
        RejectUnlistedRecipient = config.GetBool("smtpd_reject_unlisted_recipient"),
        LocalRecipientMaps = config.GetList("local_recipient_maps"),
        AliasMaps = config.GetList("alias_maps"),
        RecipientDelimiter = NullIfEmpty(config.Get("recipient_delimiter")),
        InetInterfaces = config.GetList("inet_interfaces"),
        ProxyInterfaces = config.GetList("proxy_interfaces"),
        AllowPercentHack = config.GetBool("allow_percent_hack"),
        SwapBangpath = config.GetBool("swap_bangpath"),
        ResolveDequotedAddress = config.GetBool("resolve_dequoted_address"),
        UnknownLocalRecipientRejectCode = (int)config.GetInt("unknown_local_recipient_reject_code"),
        RelayDomainsRejectCode = (int)config.GetInt("relay_domains_reject_code"),
        UnknownAddressRejectCode = (int)config.GetInt("unknown_address_reject_code"),
        DnsServers = config.GetList("estafeta_dns_servers"),
    };

    /// <summary>master.cf's maxproc column ("-" = default_process_limit) bounds the service's sessions.</summary>
    private static int ProcessLimit(MainConfig config, MasterService service) =>
        int.TryParse(service.MaxProcess, out var limit) && limit > 0 ? limit : (int)config.GetInt("default_process_limit");

    private static BareNewlinePolicy BareNewline(MainConfig config) => config.Get("smtpd_forbid_bare_newline").ToLowerInvariant() switch
    {
        "no" => BareNewlinePolicy.No,
        "yes" or "reject" => BareNewlinePolicy.Reject,
        _ => BareNewlinePolicy.Normalize,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
