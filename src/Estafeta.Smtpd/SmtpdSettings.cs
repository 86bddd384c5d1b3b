// The smtpd parameters of main.cf/master.cf that a session needs, already expanded by the caller.
// Defaults are Postfix's defaults.
namespace Estafeta.Smtpd;

/// <summary>smtpd_forbid_bare_newline (Postfix 3.9). Whatever the value, only CRLF.CRLF ends DATA.</summary>
public enum BareNewlinePolicy
{
    /// <summary>"no": a bare LF is accepted as a line end.</summary>
    No,

    /// <summary>"normalize" (default): a bare LF is accepted as a line end and stored as CRLF.</summary>
    Normalize,

    /// <summary>"yes"/"reject": a bare LF in a command or in message content gets the reject reply and the connection is closed.</summary>
    Reject,
}

/// <summary>smtpd_tls_security_level.</summary>
public enum TlsSecurityLevel
{
    /// <summary>"none" (or empty, Postfix's default): no STARTTLS.</summary>
    None,

    /// <summary>"may": STARTTLS offered, plaintext allowed.</summary>
    May,

    /// <summary>"encrypt": MAIL before STARTTLS gets 530 5.7.0.</summary>
    Encrypt,
}

/// <summary>Settings of the SMTP server (one per listener; master.cf -o overrides are applied by the caller).</summary>
public sealed record SmtpdSettings
{
    /// <summary>myhostname: used in EHLO/HELO replies and 421 texts.</summary>
    public string MyHostname { get; init; } = "localhost";

    /// <summary>smtpd_banner after expansion ("$myhostname ESMTP $mail_name"); the text after "220 ".</summary>
    public string Banner { get; init; } = "localhost ESMTP Estafeta";

    /// <summary>The service name for log lines ("smtp", "submission", ...).</summary>
    public string ServiceName { get; init; } = "smtp";

    /// <summary>message_size_limit; 0 means no limit.</summary>
    public long MessageSizeLimit { get; init; } = 10_240_000;

    /// <summary>smtpd_recipient_limit: accepted recipients per transaction.</summary>
    public int RecipientLimit { get; init; } = 1000;

    /// <summary>smtpd_timeout: how long to wait for a command or for content before 421 4.4.2.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    public int SoftErrorLimit { get; init; } = 10;

    public int HardErrorLimit { get; init; } = 20;

    /// <summary>smtpd_error_sleep_time: the delay before each reply once the soft error limit is reached.</summary>
    public TimeSpan ErrorSleepTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>smtpd_junk_command_limit: HELO/EHLO/NOOP/RSET/VRFY beyond this count as errors.</summary>
    public int JunkCommandLimit { get; init; } = 100;

    /// <summary>smtpd_client_connection_count_limit; 0 means no limit.</summary>
    public int ClientConnectionCountLimit { get; init; } = 50;

    /// <summary>smtpd_client_event_limit_exceptions = $mynetworks: clients in mynetworks are not counted.</summary>
    public bool ClientLimitExceptionsForMyNetworks { get; init; } = true;

    /// <summary>default_process_limit: sessions at once for this listener; more get 421 4.3.2.</summary>
    public int ProcessLimit { get; init; } = 100;

    /// <summary>disable_vrfy_command.</summary>
    public bool DisableVrfyCommand { get; init; }

    public BareNewlinePolicy ForbidBareNewline { get; init; } = BareNewlinePolicy.Normalize;

    /// <summary>smtpd_forbid_bare_newline_reject_code.</summary>
    public int ForbidBareNewlineRejectCode { get; init; } = 521;

    /// <summary>smtpd_forbid_bare_newline_exclusions = $mynetworks.</summary>
    public bool ForbidBareNewlineExclusionsForMyNetworks { get; init; } = true;

    /// <summary>smtpd_forbid_unauth_pipelining (Postfix 3.9 default yes).</summary>
    public bool ForbidUnauthPipelining { get; init; } = true;

    /// <summary>Longest command line accepted, in bytes without CRLF; longer gets 500 5.5.2.</summary>
    public int CommandLineLimit { get; init; } = 4096;

    /// <summary>How long the client name lookup may take before the client is "unknown".</summary>
    public TimeSpan ClientNameLookupTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>smtpd_tls_security_level (none, may, encrypt); needs certificate material (<see cref="ServerTls"/>) unless none.</summary>
    public TlsSecurityLevel TlsSecurityLevel { get; init; } = TlsSecurityLevel.None;

    /// <summary>smtpd_tls_wrappermode: TLS from the first byte (submissions, port 465).</summary>
    public bool TlsWrapperMode { get; init; }

    /// <summary>smtpd_starttls_timeout: the time limit of a TLS handshake.</summary>
    public TimeSpan StartTlsTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>smtpd_sasl_auth_enable: offer AUTH (needs <see cref="SessionSecurity.Passwords"/>).</summary>
    public bool SaslAuthEnable { get; init; }

    /// <summary>smtpd_tls_auth_only: AUTH only over TLS. Estafeta's default is yes (Postfix's is no).</summary>
    public bool TlsAuthOnly { get; init; } = true;

    /// <summary>smtpd_sasl_fail_limit (Estafeta extension): failed AUTH commands per session before 421 and close.</summary>
    public int SaslFailLimit { get; init; } = 3;
}
