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
}
