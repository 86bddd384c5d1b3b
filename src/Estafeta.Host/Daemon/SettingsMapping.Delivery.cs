// The delivery side of SettingsMapping: queue manager, local expansion, local delivery and the SMTP client.
using System.Net;
using Estafeta.Aliases;
using Estafeta.Config;
using Estafeta.Delivery.Local;
using Estafeta.Delivery.Smtp;
using Estafeta.Policy;
using Estafeta.QueueManager;

namespace Estafeta.Host.Daemon;

internal static partial class SettingsMapping
{
    public static QueueManagerSettings QueueManager(MainConfig config, DomainClassifier domains) => new()
    {
        MyHostname = config.Get("myhostname"),
        MyOrigin = config.Get("myorigin"),
        IsLocalDomain = domains.IsLocal,
        IsRelayDomain = domains.IsRelay,
        RelayHost = config.Get("relayhost"),
        TransportMaps = config.GetList("transport_maps"),
        LocalTransport = config.Get("local_transport"),
        RelayTransport = config.Get("relay_transport"),
        DefaultTransport = config.Get("default_transport"),
        QueueRunDelay = config.GetTime("queue_run_delay"),
        MinimalBackoffTime = config.GetTime("minimal_backoff_time"),
        MaximalBackoffTime = config.GetTime("maximal_backoff_time"),
        MaximalQueueLifetime = config.GetTime("maximal_queue_lifetime"),
        BounceQueueLifetime = config.GetTime("bounce_queue_lifetime"),
        DelayWarningTime = config.GetTime("delay_warning_time"),
        MessageActiveLimit = (int)config.GetInt("qmgr_message_active_limit"),
        DefaultDestinationConcurrencyLimit = (int)config.GetInt("default_destination_concurrency_limit"),
        DefaultDestinationRecipientLimit = (int)config.GetInt("default_destination_recipient_limit"),
        DefaultProcessLimit = (int)config.GetInt("default_process_limit"),
        DestinationConcurrencyLimits = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["local"] = (int)config.GetInt("local_destination_concurrency_limit"),
            ["smtp"] = (int)config.GetInt("smtp_destination_concurrency_limit"),
        },
        DestinationRecipientLimits = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["local"] = (int)config.GetInt("local_destination_recipient_limit"),
        },
        NotifyClasses = config.GetList("notify_classes"),
        DoubleBounceNoticeRecipient = config.Get("2bounce_notice_recipient"),
        BounceNoticeRecipient = config.Get("bounce_notice_recipient"),
        DoubleBounceSender = config.Get("double_bounce_sender"),
        SoftBounce = config.GetBool("soft_bounce"),
        LineLengthLimit = (int)config.GetInt("line_length_limit"),
        DelayLoggingResolutionLimit = (int)config.GetInt("delay_logging_resolution_limit"),

        // Postfix: minimal_backoff_time "also limits the time an unreachable destination is kept in the short-term,
        // in-memory, destination status cache".
        DeadDestinationTime = config.GetTime("minimal_backoff_time"),
    };

    public static LocalExpansionSettings LocalExpansion(MainConfig config) => new()
    {
        AliasMaps = config.GetList("alias_maps"),
        RecipientDelimiter = config.Get("recipient_delimiter"),
        // Unexpanded: $home, $extension, ... are the recipient's, expanded per delivery by the expander.
        ForwardPath = config.GetRaw("forward_path"),
        DefaultPrivs = config.Get("default_privs"),
        AllowMailToCommands = config.Get("allow_mail_to_commands"),
        AllowMailToFiles = config.Get("allow_mail_to_files"),
        PropagateUnmatchedExtensions = config.Get("propagate_unmatched_extensions"),
        OwnerRequestSpecial = config.GetBool("owner_request_special"),
        ExpandOwnerAlias = config.GetBool("expand_owner_alias"),
        MyOrigin = config.Get("myorigin"),
    };

    public static LocalDeliverySettings LocalDelivery(MainConfig config) => new()
    {
        MailSpoolDirectory = config.Get("mail_spool_directory"),
        HomeMailbox = config.Get("home_mailbox"),
        MailboxSizeLimit = config.GetSize("mailbox_size_limit"),
        CommandTimeLimit = config.GetTime("command_time_limit"),
        MyHostname = config.Get("myhostname"),
        RecipientDelimiter = config.Get("recipient_delimiter"),
        StaleLockTime = config.GetTime("stale_lock_time"),
        DeliverLockAttempts = (int)config.GetInt("deliver_lock_attempts"),
        DeliverLockDelay = config.GetTime("deliver_lock_delay"),
        CommandExpansionFilter = config.Get("command_expansion_filter"),
        DefaultPrivileges = config.Get("default_privs"),
    };

    public static SmtpClientSettings SmtpClient(MainConfig config, IReadOnlyList<IPEndPoint> ownEndpoints) => new()
    {
        HeloName = config.Get("smtp_helo_name"),
        ConnectTimeout = config.GetTime("smtp_connect_timeout"),
        HeloTimeout = config.GetTime("smtp_helo_timeout"),
        MailTimeout = config.GetTime("smtp_mail_timeout"),
        RcptTimeout = config.GetTime("smtp_rcpt_timeout"),
        DataInitTimeout = config.GetTime("smtp_data_init_timeout"),
        DataTransferTimeout = config.GetTime("smtp_data_xfer_timeout"),
        DataDoneTimeout = config.GetTime("smtp_data_done_timeout"),
        QuitTimeout = config.GetTime("smtp_quit_timeout"),
        MxAddressLimit = (int)config.GetInt("smtp_mx_address_limit"),
        MxSessionLimit = (int)config.GetInt("smtp_mx_session_limit"),
        TlsSecurityLevel = TlsLevel(config.Get("smtp_tls_security_level")),
        TlsCAFile = NullIfEmpty(config.Get("smtp_tls_CAfile")),
        SaslAuthEnable = config.GetBool("smtp_sasl_auth_enable"),
        SaslPasswordMaps = config.GetList("smtp_sasl_password_maps"),
        SaslSecurityOptions = config.Get("smtp_sasl_security_options"),
        SaslTlsSecurityOptions = config.IsSet("smtp_sasl_tls_security_options") ? config.Get("smtp_sasl_tls_security_options") : null,
        DnsServers = config.GetList("estafeta_dns_servers"),
        DefaultPort = (int)config.GetInt("estafeta_smtp_port"),
        OwnEndpoints = ownEndpoints,
    };

    /// <summary>smtp_tls_security_level; empty (Postfix's default, meaning "use smtp_use_tls") is Estafeta's "may".</summary>
    private static SmtpTlsSecurityLevel TlsLevel(string value) => value.ToLowerInvariant() switch
    {
        "none" => SmtpTlsSecurityLevel.None,
        "" or "may" => SmtpTlsSecurityLevel.May,
        "encrypt" => SmtpTlsSecurityLevel.Encrypt,
        "verify" => SmtpTlsSecurityLevel.Verify,
        "secure" => SmtpTlsSecurityLevel.Secure,
        _ => throw new ConfigException("main.cf", 0, $"smtp_tls_security_level: level \"{value}\" is not supported (none, may, encrypt, verify, secure)"),
    };
}
