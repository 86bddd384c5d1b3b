namespace Estafeta.Delivery.Smtp;

/// <summary>Postfix smtp(8)'s texts and status codes, in one place.</summary>
internal static class SmtpTexts
{
    /// <summary>RFC 7505's code for a null MX, as the issue asks (Postfix itself reports 5.1.0).</summary>
    public const string NullMxDsn = "5.1.10";

    /// <summary>NXDOMAIN for the destination domain, as the issue asks (Postfix itself reports 5.4.4).</summary>
    public const string NoSuchDomainDsn = "5.1.2";

    public const string InReplyToGreeting = "initial greeting";
    public const string InReplyToEhlo = "EHLO command";
    public const string InReplyToHelo = "HELO command";
    public const string InReplyToStartTls = "STARTTLS command";
    public const string InReplyToMail = "MAIL FROM command";
    public const string InReplyToRcpt = "RCPT TO command";
    public const string InReplyToData = "DATA command";
    public const string InReplyToEndOfData = "end of DATA command";

    /// <summary>"host mx.d[192.0.2.1] said: 550 5.1.1 no such user (in reply to RCPT TO command)".</summary>
    public static string HostSaid(SmtpServerAddress server, SmtpClientReply reply, string inReplyTo) =>
        $"host {server.NameAddress} said: {reply.Text} (in reply to {inReplyTo})";

    /// <summary>A failure caused by a server reply: the reply's class and enhanced code, RemoteMta and DiagnosticCode filled.</summary>
    public static SmtpFailure FromReply(SmtpServerAddress server, SmtpClientReply reply, string reason) =>
        new(reply.Code >= 500, reply.Dsn, reason)
        {
            Relay = server.Relay,
            RemoteMta = $"dns; {server.HostName}",
            DiagnosticCode = $"smtp; {reply.Text}",
        };

    /// <summary>A failure found by this client while talking to a server (relay= and Remote-MTA are that server).</summary>
    public static SmtpFailure Local(SmtpServerAddress server, bool permanent, string dsn, string reason) =>
        new(permanent, dsn, reason) { Relay = server.Relay, RemoteMta = $"dns; {server.HostName}" };
}
