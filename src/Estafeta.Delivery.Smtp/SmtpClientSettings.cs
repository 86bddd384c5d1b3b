using System.Net;

namespace Estafeta.Delivery.Smtp;

/// <summary>How smtp(8) should be secured toward the next hop (Postfix's smtp_tls_security_level).</summary>
public enum SmtpTlsSecurityLevel
{
    /// <summary>"none": never STARTTLS.</summary>
    None,

    /// <summary>"may": STARTTLS when offered, any certificate; a failed handshake retries the host in plaintext.</summary>
    May,

    /// <summary>"encrypt": STARTTLS required, any certificate.</summary>
    Encrypt,

    /// <summary>"verify": STARTTLS required, a certificate trusted by smtp_tls_CAfile whose name matches the MX host name.</summary>
    Verify,

    /// <summary>"secure": as verify (Estafeta matches the host name it connected to).</summary>
    Secure,
}

/// <summary>The smtp(8) client's parameters, Postfix names in the doc comments, Postfix defaults unless said.</summary>
public sealed record SmtpClientSettings
{
    /// <summary>smtp_helo_name (default $myhostname): the EHLO/HELO argument.</summary>
    public string HeloName { get; init; } = "localhost";

    /// <summary>smtp_connect_timeout (default 30s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>smtp_helo_timeout (default 300s): the greeting, EHLO/HELO, STARTTLS, AUTH replies.</summary>
    public TimeSpan HeloTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>smtp_mail_timeout (default 300s).</summary>
    public TimeSpan MailTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>smtp_rcpt_timeout (default 300s).</summary>
    public TimeSpan RcptTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>smtp_data_init_timeout (default 120s): the reply to DATA.</summary>
    public TimeSpan DataInitTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>smtp_data_xfer_timeout (default 180s): each block of content written.</summary>
    public TimeSpan DataTransferTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>smtp_data_done_timeout (default 600s): the reply to the final dot.</summary>
    public TimeSpan DataDoneTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>smtp_quit_timeout (default 300s).</summary>
    public TimeSpan QuitTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>smtp_mx_address_limit (default 5): at most this many server addresses are tried per delivery.</summary>
    public int MxAddressLimit { get; init; } = 5;

    /// <summary>smtp_mx_session_limit (default 2): at most this many sessions that reached the greeting per delivery.</summary>
    public int MxSessionLimit { get; init; } = 2;

    /// <summary>smtp_tls_security_level (Postfix's default is empty = none; Estafeta's default is "may").</summary>
    public SmtpTlsSecurityLevel TlsSecurityLevel { get; init; } = SmtpTlsSecurityLevel.May;

    /// <summary>smtp_tls_CAfile (default empty: the system's trust store) for verify/secure.</summary>
    public string? TlsCAFile { get; init; }

    /// <summary>smtp_sasl_auth_enable (default no).</summary>
    public bool SaslAuthEnable { get; init; }

    /// <summary>smtp_sasl_password_maps (default empty): "type:name" tables, keys "[host]:port", "host:port" or "host", values "user:password".</summary>
    public IReadOnlyList<string> SaslPasswordMaps { get; init; } = [];

    /// <summary>smtp_sasl_security_options (default "noplaintext, noanonymous"): over a plaintext session.</summary>
    public string SaslSecurityOptions { get; init; } = "noplaintext, noanonymous";

    /// <summary>smtp_sasl_tls_security_options (Postfix default $smtp_sasl_security_options): over TLS.
    /// Null (not set in main.cf) means Estafeta's rule: over TLS, PLAIN and LOGIN are allowed, so the stock
    /// "noplaintext" keeps passwords off plaintext sessions only. Postfix would refuse them over TLS too
    /// unless this parameter were set; set it explicitly to get exactly that.</summary>
    public string? SaslTlsSecurityOptions { get; init; }

    /// <summary>estafeta_dns_servers (Estafeta extension; default empty = the system's /etc/resolv.conf servers):
    /// "127.0.0.1:5353" or "192.0.2.53" entries.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    /// <summary>estafeta_smtp_port (Estafeta extension, default 25): the port for MX hosts and nexthops given without one.</summary>
    public int DefaultPort { get; init; } = 25;

    /// <summary>Where this server listens for SMTP (given by the host): an MX that is one of these "loops back to myself".
    /// An unspecified address (0.0.0.0, ::) stands for every address of this machine.</summary>
    public IReadOnlyList<IPEndPoint> OwnEndpoints { get; init; } = [];
}
