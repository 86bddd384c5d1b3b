namespace Estafeta.Config;

internal static partial class ParameterTable
{
    /// <summary>TLS and SASL. The server side (smtpd) is implemented; the client side (smtp_*) is later work.</summary>
    private static IEnumerable<ParameterDefinition> SecurityParameters() =>
    [
        Bool("smtp_sasl_auth_enable", "no", "Let the SMTP client authenticate to the server (e.g. a relayhost)."),
        List("smtp_sasl_password_maps", "", "Tables of user:password per next hop for the SMTP client."),
        List("smtp_sasl_security_options", "noplaintext, noanonymous", "Mechanisms the SMTP client may use."),
        Bool("smtpd_sasl_auth_enable", "no", "Offer SMTP AUTH (PLAIN, LOGIN) to clients, checked against estafeta_sasl_password_sources."),
        Str("smtpd_sasl_type", "cyrus", "The SASL implementation: cyrus or dovecot.").Later(),
        Str("smtpd_sasl_path", "smtpd", "The SASL configuration name or socket path.").Later(),
        List("smtpd_sasl_security_options", "noanonymous", "Mechanisms offered to clients.").Later(),
        Str("smtpd_sasl_local_domain", "", "The realm of SASL user names.").Later(),
        Bool("smtpd_sasl_authenticated_header", "no", "Add the SASL login name to the Received: header.").Later(),
        List("smtpd_sender_login_maps", "", "Tables of which login may use which sender address (user@domain or @domain → logins), for reject_sender_login_mismatch."),
        Int("smtpd_client_auth_rate_limit", "10", "AUTH commands allowed per client address and service per anvil_rate_time_unit (then 450 4.7.1); 0 means no limit. Estafeta's default is 10 (Postfix's is 0); clients in mynetworks are not counted."),
        Time("anvil_rate_time_unit", "60s", "The time unit of the per-client rate limits (smtpd_client_auth_rate_limit)."),
        Int("smtpd_sasl_fail_limit", "3", "Estafeta: failed AUTH commands in one session before 421 4.7.0 and the connection is closed; 0 means no limit.") with { IsExtension = true },
        Str("estafeta_sasl_password_file", "$config_directory/sasl-users", "Estafeta: the password file for AUTH, Dovecot passwd-file lines user:{SCHEME}hash ({SHA512-CRYPT}, {SHA256-CRYPT}, {BLF-CRYPT}, {CRYPT}); `estafeta passwd USER` edits it.") with { IsExtension = true },
        List("estafeta_sasl_password_sources", "passwd-file, system", "Estafeta: where AUTH looks up passwords, in order: passwd-file (estafeta_sasl_password_file) and system (/etc/shadow via crypt(3), accounts with uid >= 1000; needs root or the shadow group). The first source that knows the user decides.") with { IsExtension = true },
        Bool("smtpd_tls_auth_only", "yes", "Offer AUTH only over TLS (538 5.7.11 before STARTTLS). Estafeta's default is yes (Postfix's is no): passwords never travel in plaintext unless you say so."),
        Str("smtpd_tls_security_level", "", "Server TLS: none (or empty), may (offer STARTTLS) or encrypt (530 5.7.0 to MAIL before STARTTLS). The embedded default uses may with a self-signed certificate."),
        Str("smtpd_tls_cert_file", "", "The server's PEM certificate (a missing, unreadable, expired or mismatched file stops the start)."),
        Str("smtpd_tls_key_file", "$smtpd_tls_cert_file", "The server's PEM private key."),
        List("smtpd_tls_chain_files", "", "PEM files with a private key followed by its certificate chain; when set, used instead of smtpd_tls_cert_file (Estafeta uses the first file)."),
        List("smtpd_tls_protocols", ">=TLSv1", "The TLS protocol versions the server accepts (\">=TLSv1.2\" or \"!SSLv2, !SSLv3, !TLSv1, !TLSv1.1\"); Estafeta never enables anything older than TLSv1.2."),
        Time("smtpd_starttls_timeout", "300s", "The time limit of the server's TLS handshake."),
        Bool("smtpd_tls_wrappermode", "no", "TLS from the first byte (submissions, port 465) instead of STARTTLS."),
        Str("smtpd_tls_session_cache_database", "", "The server's TLS session cache.").Later(),
        Bool("smtpd_use_tls", "no", "Obsolete: offer STARTTLS when smtpd_tls_security_level is empty (use smtpd_tls_security_level)."),
        Str("smtp_tls_security_level", "", "Client TLS: none, may, encrypt, verify, secure. Empty means may in Estafeta (STARTTLS whenever offered; Postfix: none)."),
        Str("smtp_tls_CAfile", "", "A file of trusted CA certificates for the SMTP client."),
        Str("smtp_tls_CApath", "", "A directory of trusted CA certificates for the SMTP client.").Later(),
        Str("smtp_tls_session_cache_database", "", "The SMTP client's TLS session cache.").Later(),
        Bool("smtp_use_tls", "no", "Obsolete: use STARTTLS when offered (use smtp_tls_security_level).").Later(),
    ];
}
