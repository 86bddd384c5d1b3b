using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog;

/// <summary>How Postfix names and files each level: the text prefix and the syslog severity.</summary>
internal static class MailLogLevel
{
    /// <summary>Postfix's msg_warn/msg_error/msg_fatal prefixes; info lines have none.</summary>
    public static string Prefix(LogLevel level) => level switch
    {
        LogLevel.Warning => "warning: ",
        LogLevel.Error => "error: ",
        LogLevel.Critical => "fatal: ",
        _ => string.Empty,
    };

    /// <summary>RFC 3164 severity, as Postfix maps its levels (fatal is LOG_CRIT).</summary>
    public static int Severity(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    /// <summary>Facility mail (2) shifted left 3, plus the severity.</summary>
    public static int SyslogPriority(LogLevel level) => (2 * 8) + Severity(level);
}
