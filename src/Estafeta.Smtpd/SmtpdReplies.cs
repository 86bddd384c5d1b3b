// The fixed replies of the SMTP server, with Postfix's codes and texts (from Postfix 3.7/3.9 smtpd).
using Estafeta.Core;

namespace Estafeta.Smtpd;

internal static class SmtpdReplies
{
    public static readonly SmtpReply Ok = new(250, "2.0.0", "Ok");
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Ok");
    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Ok");
    public static readonly SmtpReply StartMailInput = new(354, null, "End data with <CR><LF>.<CR><LF>");
    public static readonly SmtpReply Bye = new(221, "2.0.0", "Bye");
    public static readonly SmtpReply NotRecognized = new(500, "5.5.2", "Error: command not recognized");
    public static readonly SmtpReply LineTooLong = new(500, "5.5.2", "Error: line too long");
    public static readonly SmtpReply BadUtf8 = new(500, "5.5.2", "Error: bad UTF-8 syntax");
    public static readonly SmtpReply BadSyntax = new(500, "5.5.2", "Error: bad syntax");
    public static readonly SmtpReply HeloSyntax = new(501, null, "Syntax: HELO hostname");
    public static readonly SmtpReply EhloSyntax = new(501, null, "Syntax: EHLO hostname");
    public static readonly SmtpReply MailSyntax = new(501, "5.5.4", "Syntax: MAIL FROM:<address>");
    public static readonly SmtpReply RcptSyntax = new(501, "5.5.4", "Syntax: RCPT TO:<address>");
    public static readonly SmtpReply DataSyntax = new(501, "5.5.4", "Syntax: DATA");
    public static readonly SmtpReply RsetSyntax = new(501, "5.5.4", "Syntax: RSET");
    public static readonly SmtpReply VrfySyntax = new(501, "5.5.4", "Syntax: VRFY address");
    public static readonly SmtpReply BadSender = new(501, "5.1.7", "Bad sender address syntax");
    public static readonly SmtpReply BadRecipient = new(501, "5.1.3", "Bad recipient address syntax");
    public static readonly SmtpReply BadSize = new(501, "5.5.4", "Bad message size syntax");
    public static readonly SmtpReply BadBody = new(501, "5.5.4", "Bad BODY keyword value");
    public static readonly SmtpReply BadRet = new(501, "5.5.4", "Bad RET parameter syntax");
    public static readonly SmtpReply BadEnvid = new(501, "5.5.4", "Bad ENVID parameter syntax");
    public static readonly SmtpReply BadNotify = new(501, "5.5.4", "Error: Bad NOTIFY parameter syntax");
    public static readonly SmtpReply BadOrcpt = new(501, "5.5.4", "Error: Bad ORCPT parameter syntax");
    public static readonly SmtpReply NeedSmtpUtf8 = new(553, "5.6.7", "Must declare SMTPUTF8 to send unicode address");
    public static readonly SmtpReply VrfyDisabled = new(502, "5.5.1", "VRFY command is disabled");
    public static readonly SmtpReply NotImplemented = new(502, "5.5.1", "Error: command not implemented");
    public static readonly SmtpReply NeedMail = new(503, "5.5.1", "Error: need MAIL command");
    public static readonly SmtpReply NeedRcpt = new(503, "5.5.1", "Error: need RCPT command");
    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Error: nested MAIL command");
    public static readonly SmtpReply DataAfterBdat = new(503, "5.5.1", "Error: DATA after BDAT");
    public static readonly SmtpReply MailAfterBdat = new(503, "5.5.1", "Error: MAIL after BDAT");
    public static readonly SmtpReply RcptAfterBdat = new(503, "5.5.1", "Error: RCPT after BDAT");
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1", "Error: no valid recipients");
    public static readonly SmtpReply SizeExceeded = new(552, "5.3.4", "Message size exceeds fixed limit");
    public static readonly SmtpReply ChunkSizeExceeded = new(552, "5.3.4", "Chunk exceeds message size limit");
    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3", "Error: too many recipients");
    public static readonly SmtpReply QueueWriteError = new(451, "4.3.0", "Error: queue file write error");
    public static readonly SmtpReply Synchronization = new(554, "5.5.0", "Error: SMTP protocol synchronization");
    public static readonly SmtpReply BdatSyntax = new(521, "5.5.4", "Syntax: BDAT count [LAST]");
    public static readonly SmtpReply NullBdat = new(551, "5.7.1", "Null BDAT request");
    public static readonly SmtpReply BreakRules = new(221, "2.7.0", "Error: I can break rules, too. Goodbye.");
    public static readonly SmtpReply ReadyToStartTls = new(220, "2.0.0", "Ready to start TLS");
    public static readonly SmtpReply StartTlsSyntax = new(501, "5.5.4", "Syntax: STARTTLS");
    public static readonly SmtpReply TlsAlreadyActive = new(554, "5.5.1", "Error: TLS already active");
    public static readonly SmtpReply MustStartTls = new(530, "5.7.0", "Must issue a STARTTLS command first");
    public static readonly SmtpReply SendHeloFirst = new(503, "5.5.1", "Error: send HELO/EHLO first");
    public static readonly SmtpReply AuthNotEnabled = new(503, "5.5.1", "Error: authentication not enabled");
    public static readonly SmtpReply AlreadyAuthenticated = new(503, "5.5.1", "Error: already authenticated");
    public static readonly SmtpReply AuthInTransaction = new(503, "5.5.1", "Error: MAIL transaction in progress");
    public static readonly SmtpReply AuthSyntax = new(501, "5.5.4", "Syntax: AUTH mechanism");
    public static readonly SmtpReply AuthNeedsEncryption = new(538, "5.7.11", "Encryption required for requested authentication mechanism");
    public static readonly SmtpReply AuthMechanismUnsupported = new(535, "5.7.8", "Error: authentication failed: Invalid authentication mechanism");
    public static readonly SmtpReply AuthAborted = new(501, "5.7.0", "Authentication aborted");
    public static readonly SmtpReply AuthCannotDecode = new(501, "5.5.2", "Cannot decode response");
    public static readonly SmtpReply AuthFailed = new(535, "5.7.8", "Error: authentication failed: authentication failure");
    public static readonly SmtpReply AuthSucceeded = new(235, "2.7.0", "Authentication successful");
    public static readonly SmtpReply AuthTemporaryFailure = new(454, "4.7.0", "Temporary authentication failure");
    public static readonly SmtpReply BadAuthParameter = new(501, "5.5.4", "Bad AUTH parameter syntax");
    public static readonly SmtpReply ServiceUnavailable = new(421, "4.3.2", "Service currently unavailable");

    public static SmtpReply Timeout(string host) => new(421, "4.4.2", $"{host} Error: timeout exceeded");

    public static SmtpReply TooManyErrors(string host) => new(421, "4.7.0", $"{host} Error: too many errors");

    public static SmtpReply TooManyConnections(string host, string address) => new(421, "4.7.0", $"{host} Error: too many connections from {address}");

    public static SmtpReply TooManyAuthCommands(string address) => new(450, "4.7.1", $"Error: too many AUTH commands from {address}");

    public static SmtpReply TooManyAuthFailures(string host) => new(421, "4.7.0", $"{host} Error: too many authentication failures");

    public static SmtpReply ShuttingDown(string host) => new(421, "4.3.2", $"{host} Service shutting down");

    public static SmtpReply BareLineFeed(int code, string host) => new(code, "5.5.2", $"{host} Error: bare <LF> received");

    public static SmtpReply Unsupported(string option) => new(555, "5.5.4", $"Unsupported option: {option}");

    public static SmtpReply ChunkOk(long bytes) => new(250, "2.0.0", $"Ok: {bytes} bytes");

    public static SmtpReply Discarded(long bytes) => new(551, "5.0.0", $"Discarded {bytes} bytes after earlier error");

    public static SmtpReply CannotVerify(string address) => new(252, "2.0.0", address);
}
