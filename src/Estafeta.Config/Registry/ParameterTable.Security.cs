namespace Estafeta.Config;

internal static partial class ParameterTable
{
    /// <summary>TLS and SASL: accepted now, implemented by later work.</summary>
    private static IEnumerable<ParameterDefinition> SecurityParameters() =>
    [
        Bool("smtp_sasl_auth_enable", "no", "Let the SMTP client authenticate to the server (e.g. a relayhost).").Later(),
        List("smtp_sasl_password_maps", "", "Tables of user:password per next hop for the SMTP client.").Later(),
        List("smtp_sasl_security_options", "noplaintext, noanonymous", "Mechanisms the SMTP client may use.").Later(),
        Bool("smtpd_sasl_auth_enable", "no", "Offer SMTP AUTH to clients.").Later(),
        Str("smtpd_sasl_type", "cyrus", "The SASL implementation: cyrus or dovecot.").Later(),
        Str("smtpd_sasl_path", "smtpd", "The SASL configuration name or socket path.").Later(),
        List("smtpd_sasl_security_options", "noanonymous", "Mechanisms offered to clients.").Later(),
        Str("smtpd_sasl_local_domain", "", "The realm of SASL user names.").Later(),
        Bool("smtpd_sasl_authenticated_header", "no", "Add the SASL login name to the Received: header.").Later(),
        List("smtpd_sender_login_maps", "", "Tables of which login may use which sender address.").Later(),
        Int("smtpd_client_auth_rate_limit", "0", "AUTH commands allowed per client per time unit; 0 means no limit.").Later(),
        Bool("smtpd_tls_auth_only", "no", "Offer AUTH only over TLS.").Later(),
        Str("smtpd_tls_security_level", "", "Server TLS: none, may (offer STARTTLS) or encrypt (require it).").Later(),
        Str("smtpd_tls_cert_file", "", "The server's PEM certificate.").Later(),
        Str("smtpd_tls_key_file", "$smtpd_tls_cert_file", "The server's PEM private key.").Later(),
        List("smtpd_tls_chain_files", "", "PEM files with keys and certificate chains.").Later(),
        List("smtpd_tls_protocols", ">=TLSv1", "The TLS protocol versions the server accepts.").Later(),
        Bool("smtpd_tls_wrappermode", "no", "TLS from the first byte (port 465) instead of STARTTLS.").Later(),
        Str("smtpd_tls_session_cache_database", "", "The server's TLS session cache.").Later(),
        Bool("smtpd_use_tls", "no", "Obsolete: offer STARTTLS (use smtpd_tls_security_level).").Later(),
        Str("smtp_tls_security_level", "", "Client TLS: none, may, encrypt, verify, secure.").Later(),
        Str("smtp_tls_CAfile", "", "A file of trusted CA certificates for the SMTP client.").Later(),
        Str("smtp_tls_CApath", "", "A directory of trusted CA certificates for the SMTP client.").Later(),
        Str("smtp_tls_session_cache_database", "", "The SMTP client's TLS session cache.").Later(),
        Bool("smtp_use_tls", "no", "Obsolete: use STARTTLS when offered (use smtp_tls_security_level).").Later(),
    ];
}
