// The smtpd side of SettingsMapping: Smtpd and Policy settings for one inet service, and its TLS
// material and password sources, loaded at start (and reload) so that a bad certificate or key stops
// the start with the file's name instead of failing a handshake.
using Estafeta.Auth;
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
        TlsSecurityLevel = TlsLevel(config, service),
        TlsWrapperMode = config.GetBool("smtpd_tls_wrappermode"),
        StartTlsTimeout = config.GetTime("smtpd_starttls_timeout"),
        SaslAuthEnable = config.GetBool("smtpd_sasl_auth_enable"),
        TlsAuthOnly = config.GetBool("smtpd_tls_auth_only"),
        SaslFailLimit = (int)config.GetInt("smtpd_sasl_fail_limit"),
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
        SenderLoginMaps = config.GetList("smtpd_sender_login_maps"),
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

    /// <summary>smtpd_tls_security_level; empty falls back to the obsolete smtpd_use_tls, as in Postfix.</summary>
    private static TlsSecurityLevel TlsLevel(MainConfig config, MasterService service) => config.Get("smtpd_tls_security_level").ToLowerInvariant() switch
    {
        "" => config.GetBool("smtpd_use_tls") ? TlsSecurityLevel.May : TlsSecurityLevel.None,
        "none" => TlsSecurityLevel.None,
        "may" => TlsSecurityLevel.May,
        "encrypt" => TlsSecurityLevel.Encrypt,
        var other => throw new ConfigException(service.SourceFile, service.Line,
            $"service {service.Name}: smtpd_tls_security_level = {other} is not supported (none, may or encrypt)"),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Null when the service needs no TLS (level none and no wrapper mode).</summary>
    /// <exception cref="ConfigException">A certificate or key file is missing, unreadable, mismatched or expired.</exception>
    public static ServerTls? ServerTls(MainConfig config, SmtpdSettings settings, MasterService service, DateTimeOffset now)
    {
        var certFile = config.Get("smtpd_tls_cert_file");
        var keyFile = config.Get("smtpd_tls_key_file");
        var chainFiles = config.GetList("smtpd_tls_chain_files");
        if (settings.TlsSecurityLevel == TlsSecurityLevel.None && !settings.TlsWrapperMode)
        {
            return null;
        }

        if (certFile.Length == 0 && chainFiles.Count == 0)
        {
            throw new ConfigException(service.SourceFile, service.Line,
                $"service {service.Name}: TLS is on (smtpd_tls_security_level or smtpd_tls_wrappermode) but smtpd_tls_cert_file is not set; make a certificate with `estafeta tls create`");
        }

        try
        {
            return Estafeta.Smtpd.ServerTls.Load(certFile, keyFile, chainFiles, config.Get("smtpd_tls_protocols"), now);
        }
        catch (TlsConfigurationException e)
        {
            throw new ConfigException(e.File, 0, e.Message[(e.File.Length + 2)..], e);
        }
    }

    /// <summary>The embedded default's TLS: STATE/tls/cert.pem and key.pem, made on first start.</summary>
    public static (MainConfig Config, bool Created, string CertFile) EmbeddedTls(MainConfig config, string stateDirectory)
    {
        if (config.IsSet("smtpd_tls_cert_file") || config.IsSet("smtpd_tls_chain_files") || config.IsSet("smtpd_tls_security_level"))
        {
            return (config, false, string.Empty);
        }

        var (certFile, keyFile, created) = SelfSignedCertificate.EnsureExists(Path.Combine(stateDirectory, "tls"), config.Get("myhostname"));
        var withTls = config.WithOverrides(
            [new("smtpd_tls_security_level", "may"), new("smtpd_tls_cert_file", certFile), new("smtpd_tls_key_file", keyFile)],
            "embedded default");
        return (withTls, created, certFile);
    }

    /// <summary>Null when AUTH is off for the service.</summary>
    /// <exception cref="ConfigException">estafeta_sasl_password_sources names an unknown source.</exception>
    public static PasswordVerifier? Passwords(MainConfig config, SmtpdSettings settings, MasterService service)
    {
        if (!settings.SaslAuthEnable)
        {
            return null;
        }

        try
        {
            return PasswordVerifier.FromNames(config.GetList("estafeta_sasl_password_sources"), config.Get("estafeta_sasl_password_file"));
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(service.SourceFile, service.Line, $"service {service.Name}: estafeta_sasl_password_sources: {e.Message}");
        }
    }

    public static AuthRateLimiter AuthRate(MainConfig config, TimeProvider time) =>
        new((int)config.GetInt("smtpd_client_auth_rate_limit"), config.GetTime("anvil_rate_time_unit"), time);
}
