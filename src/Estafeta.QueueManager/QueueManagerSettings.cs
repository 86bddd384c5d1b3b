namespace Estafeta.QueueManager;

/// <summary>The main.cf parameters the queue manager, Resolve and the bounce notices use, with Postfix's defaults.</summary>
public sealed record QueueManagerSettings
{
    /// <summary>myhostname: the host name in notices (Reporting-MTA, "This is the mail system at host ...").</summary>
    public string MyHostname { get; init; } = "localhost";

    /// <summary>myorigin (default $myhostname): the domain appended to an address without one.</summary>
    public string? MyOrigin { get; init; }

    /// <summary>mydestination as a predicate on a lower-cased domain or address literal "[ip]"
    /// (the lead builds it from Estafeta.Policy's Destinations.IsLocal). Default: $myhostname and localhost.</summary>
    public Func<string, bool>? IsLocalDomain { get; init; }

    /// <summary>relay_domains as a predicate (Destinations.IsRelay). Default: none (Postfix ≥ 3.0 compatibility).</summary>
    public Func<string, bool>? IsRelayDomain { get; init; }

    /// <summary>relayhost: the next hop for non-local mail ("[host]:port", "host"); empty = the recipient domain.</summary>
    public string RelayHost { get; init; } = string.Empty;

    /// <summary>transport_maps: table specs ("hash:/etc/postfix/transport"), searched as transport(5) says.</summary>
    public IReadOnlyList<string> TransportMaps { get; init; } = [];

    /// <summary>local_transport (default "local:$myhostname").</summary>
    public string? LocalTransport { get; init; }

    /// <summary>relay_transport (default "relay").</summary>
    public string RelayTransport { get; init; } = "relay";

    /// <summary>default_transport (default "smtp").</summary>
    public string DefaultTransport { get; init; } = "smtp";

    /// <summary>queue_run_delay (300s): how often deferred/ is scanned for mail whose time has come.</summary>
    public TimeSpan QueueRunDelay { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>minimal_backoff_time (300s).</summary>
    public TimeSpan MinimalBackoffTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>maximal_backoff_time (4000s).</summary>
    public TimeSpan MaximalBackoffTime { get; init; } = TimeSpan.FromSeconds(4000);

    /// <summary>maximal_queue_lifetime (5d): after that, deferred recipients bounce ("status=expired").</summary>
    public TimeSpan MaximalQueueLifetime { get; init; } = TimeSpan.FromDays(5);

    /// <summary>bounce_queue_lifetime (5d): the same for mail from &lt;&gt;.</summary>
    public TimeSpan BounceQueueLifetime { get; init; } = TimeSpan.FromDays(5);

    /// <summary>delay_warning_time (0h = off): when to send one "delayed" notice.</summary>
    public TimeSpan DelayWarningTime { get; init; } = TimeSpan.Zero;

    /// <summary>qmgr_message_active_limit (20000): messages in active/ at once.</summary>
    public int MessageActiveLimit { get; init; } = 20000;

    /// <summary>default_destination_concurrency_limit (20): parallel deliveries per (transport, nexthop).</summary>
    public int DefaultDestinationConcurrencyLimit { get; init; } = 20;

    /// <summary>default_destination_recipient_limit (50): recipients per delivery request.</summary>
    public int DefaultDestinationRecipientLimit { get; init; } = 50;

    /// <summary>default_process_limit (100): parallel deliveries per transport.</summary>
    public int DefaultProcessLimit { get; init; } = 100;

    /// <summary>transport_destination_concurrency_limit overrides (Postfix: local_destination_concurrency_limit = 2).</summary>
    public IReadOnlyDictionary<string, int> DestinationConcurrencyLimits { get; init; } =
        new Dictionary<string, int>(StringComparer.Ordinal) { ["local"] = 2 };

    /// <summary>transport_destination_recipient_limit overrides (Postfix: local_destination_recipient_limit = 1).</summary>
    public IReadOnlyDictionary<string, int> DestinationRecipientLimits { get; init; } =
        new Dictionary<string, int>(StringComparer.Ordinal) { ["local"] = 1 };

    /// <summary>How long a destination whose delivery failed at connection level (4.4.x) is not tried again
    /// (Postfix's dead-site throttling; an Estafeta internal, not a main.cf parameter).</summary>
    public TimeSpan DeadDestinationTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>notify_classes (resource, software): "bounce" or "2bounce" make an undeliverable bounce go to
    /// 2bounce_notice_recipient; "bounce" also sends the postmaster a copy of every bounce (headers only).</summary>
    public IReadOnlyList<string> NotifyClasses { get; init; } = ["resource", "software"];

    /// <summary>2bounce_notice_recipient (postmaster).</summary>
    public string DoubleBounceNoticeRecipient { get; init; } = "postmaster";

    /// <summary>bounce_notice_recipient (postmaster).</summary>
    public string BounceNoticeRecipient { get; init; } = "postmaster";

    /// <summary>double_bounce_sender (double-bounce): the sender of postmaster notices; mail from it that bounces is discarded.</summary>
    public string DoubleBounceSender { get; init; } = "double-bounce";

    /// <summary>soft_bounce (no): when yes, permanent failures are deferred instead (5.x.x logged as 4.x.x), so
    /// nothing bounces while a configuration is being tested.</summary>
    public bool SoftBounce { get; init; }

    /// <summary>line_length_limit (2048): the piece size of long lines in queue files the injector writes.</summary>
    public int LineLengthLimit { get; init; } = 2048;

    /// <summary>delay_logging_resolution_limit (2): digits after the decimal point in delay= and delays=.</summary>
    public int DelayLoggingResolutionLimit { get; init; } = 2;

    internal string Origin => string.IsNullOrEmpty(MyOrigin) ? MyHostname : MyOrigin;

    internal string EffectiveLocalTransport => string.IsNullOrEmpty(LocalTransport) ? "local:" + MyHostname : LocalTransport;

    internal bool Notifies(string mailClass) => NotifyClasses.Any(c => string.Equals(c.Trim(), mailClass, StringComparison.OrdinalIgnoreCase));

    /// <summary>An address without '@' gets @myorigin (so "postmaster" becomes postmaster@origin).</summary>
    internal string Qualify(string address) => address.Contains('@', StringComparison.Ordinal) ? address : address + "@" + Origin;
}
