using System.Globalization;

namespace Estafeta.MailLog;

/// <summary>
/// Builds the two shapes of a log line. File and console:
/// <c>Nov  3 10:43:13 HOST estafeta/smtpd[PID]: TEXT</c> (what syslogd writes to /var/log/mail.log).
/// Syslog datagram: <c>&lt;22&gt;Nov  3 10:43:13 estafeta/smtpd[PID]: TEXT</c>, the RFC 3164 form that
/// glibc's syslog(3) sends to /dev/log (no host: the local daemon adds its own).
/// </summary>
internal sealed class MailLogLineFormatter(string hostName, string syslogName, int processId)
{
    // InvariantGlobalization is on and syslog's month names are English whatever the locale.
    private static readonly string[] MonthNames =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public string SyslogName { get; } = syslogName;

    public string FileLine(in MailLogEvent logEvent)
    {
        var t = logEvent.LocalTime;
        return string.Create(
            CultureInfo.InvariantCulture,
            stackalloc char[256],
            $"{MonthNames[t.Month - 1]} {t.Day,2} {t.Hour:D2}:{t.Minute:D2}:{t.Second:D2} {hostName} {SyslogName}/{logEvent.Component}[{processId}]: {MailLogLevel.Prefix(logEvent.Level)}{logEvent.Text}");
    }

    public string SyslogDatagram(in MailLogEvent logEvent)
    {
        var t = logEvent.LocalTime;
        return string.Create(
            CultureInfo.InvariantCulture,
            stackalloc char[256],
            $"<{MailLogLevel.SyslogPriority(logEvent.Level)}>{MonthNames[t.Month - 1]} {t.Day,2} {t.Hour:D2}:{t.Minute:D2}:{t.Second:D2} {SyslogName}/{logEvent.Component}[{processId}]: {MailLogLevel.Prefix(logEvent.Level)}{logEvent.Text}");
    }

    /// <summary>
    /// Control characters (CR, LF, NUL, ...) become '?', as Postfix's printable() does, so text that came
    /// from a client (a HELO name, an address) can never forge a second log line.
    /// </summary>
    public static string Printable(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('\0', '\u001f') < 0 && span.IndexOf('\u007f') < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (destination, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                destination[i] = c < ' ' || c == '\u007f' ? '?' : c;
            }
        });
    }
}
