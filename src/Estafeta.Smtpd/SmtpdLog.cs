// The smtpd log lines, worded exactly as Postfix writes them (category "smtpd").
using Microsoft.Extensions.Logging;

namespace Estafeta.Smtpd;

internal static partial class SmtpdLog
{
    [LoggerMessage(1, LogLevel.Information, "connect from {Client}")]
    public static partial void Connect(ILogger logger, string client);

    [LoggerMessage(2, LogLevel.Information, "disconnect from {Client}{Counts}")]
    public static partial void Disconnect(ILogger logger, string client, string counts);

    [LoggerMessage(3, LogLevel.Information, "{QueueId}: client={Client}")]
    public static partial void QueueClient(ILogger logger, string queueId, string client);

    [LoggerMessage(4, LogLevel.Information, "{QueueId}: reject: {Stage} from {Client}: {Reply};{Details}")]
    public static partial void Reject(ILogger logger, string queueId, string stage, string client, string reply, string details);

    [LoggerMessage(5, LogLevel.Information, "lost connection after {Where} from {Client}")]
    public static partial void LostConnection(ILogger logger, string where, string client);

    [LoggerMessage(6, LogLevel.Information, "timeout after {Where} from {Client}")]
    public static partial void Timeout(ILogger logger, string where, string client);

    [LoggerMessage(7, LogLevel.Information, "too many errors after {Where} from {Client}")]
    public static partial void TooManyErrors(ILogger logger, string where, string client);

    [LoggerMessage(8, LogLevel.Information, "improper command pipelining after {Command} from {Client}: {Pending}")]
    public static partial void ImproperPipelining(ILogger logger, string command, string client, string pending);

    [LoggerMessage(9, LogLevel.Warning, "non-SMTP command from {Client}: {Line}")]
    public static partial void NonSmtpCommand(ILogger logger, string client, string line);

    [LoggerMessage(10, LogLevel.Information, "bare <LF> received after {Where} from {Client}")]
    public static partial void BareLineFeed(ILogger logger, string where, string client);

    [LoggerMessage(11, LogLevel.Warning, "Connection concurrency limit exceeded: {Count} from {Client} for service {Service}")]
    public static partial void ConnectionLimit(ILogger logger, int count, string client, string service);

    [LoggerMessage(12, LogLevel.Warning, "{QueueId}: queue file write error from {Client}: {Reason}")]
    public static partial void QueueWriteError(ILogger logger, string queueId, string client, string reason);

    [LoggerMessage(13, LogLevel.Warning, "session with {Client} failed: {Reason}")]
    public static partial void SessionFailed(ILogger logger, string client, string reason);

    [LoggerMessage(14, LogLevel.Information, "Anonymous TLS connection established from {Client}: {Protocol} with cipher {Cipher} ({UsedBits}/{Bits} bits)")]
    public static partial void TlsEstablished(ILogger logger, string client, string protocol, string cipher, int usedBits, int bits);

    [LoggerMessage(15, LogLevel.Information, "SSL_accept error from {Client}: {Reason}")]
    public static partial void TlsAcceptError(ILogger logger, string client, string reason);

    [LoggerMessage(16, LogLevel.Warning, "{Client}: SASL {Mechanism} authentication failed: authentication failure")]
    public static partial void SaslFailed(ILogger logger, string client, string mechanism);

    [LoggerMessage(17, LogLevel.Warning, "{Client}: SASL {Mechanism} authentication failed: {Problem}")]
    public static partial void SaslTemporaryFailure(ILogger logger, string client, string mechanism, string problem);

    [LoggerMessage(18, LogLevel.Warning, "AUTH command rate limit exceeded: {Count} from {Client} for service {Service}")]
    public static partial void AuthRateExceeded(ILogger logger, int count, string client, string service);

    [LoggerMessage(19, LogLevel.Information, "{QueueId}: client={Client}, sasl_method={Method}, sasl_username={User}")]
    public static partial void QueueClientAuthenticated(ILogger logger, string queueId, string client, string method, string user);

    [LoggerMessage(20, LogLevel.Information, "too many authentication failures after AUTH from {Client}")]
    public static partial void TooManyAuthFailures(ILogger logger, string client);
}
