using Estafeta.Config;
using Estafeta.MailLog;

namespace Estafeta.Host.Daemon;

/// <summary>main.cf → mail log options: syslog_name, maillog_file, and the host name syslog would print.</summary>
internal static class MailLogSetup
{
    public static MailLogOptions Options(MainConfig main, TextWriter? console) => new()
    {
        SyslogName = main.Get("syslog_name"),
        HostName = main.IsSet("myhostname") ? MailLogHostName.FirstLabel(main.Get("myhostname")) : MailLogHostName.Local(),
        FilePath = main.Get("maillog_file") is { Length: > 0 } file ? file : null,
        Console = console,
        Diagnostics = console ?? Console.Error,
    };
}
