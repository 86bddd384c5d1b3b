namespace Estafeta.Smtp;

/// <summary>The command verbs an SMTP server recognizes (RFC 5321 and extensions).</summary>
public enum SmtpVerb
{
    Unknown,
    Helo,
    Ehlo,
    Mail,
    Rcpt,
    Data,
    Bdat,
    Rset,
    Noop,
    Vrfy,
    Expn,
    Help,
    Quit,
    StartTls,
    Auth,
    Etrn,

    /// <summary>CONNECT, GET or POST: a proxy or web client talking to a mail port (Postfix's smtpd_forbidden_commands).</summary>
    NonSmtp,
}
