using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog;

/// <summary>
/// Where and how the mail log is written. The host builds one from main.cf
/// (<c>syslog_name</c>, <c>maillog_file</c>, <c>myhostname</c>) and hands a new one to
/// <see cref="MailLogProvider.Reconfigure"/> after a reload.
/// </summary>
public sealed record MailLogOptions
{
    /// <summary>The <c>syslog_name</c> part of each line, before "/component".</summary>
    public string SyslogName { get; init; } = "estafeta";

    /// <summary>The host name field of a file or console line (a short name, as syslog prints it).</summary>
    public string HostName { get; init; } = MailLogHostName.Local();

    /// <summary><c>maillog_file</c>: when set, lines are appended to this file instead of going to syslog.</summary>
    public string? FilePath { get; init; }

    /// <summary>The syslog socket used when <see cref="FilePath"/> is not set; null turns syslog off.</summary>
    public string? SyslogSocketPath { get; init; } = "/dev/log";

    /// <summary>Where lines also go when running in the foreground (normally stderr); null for none.</summary>
    public TextWriter? Console { get; init; }

    /// <summary>Where the one-time notice "syslog is not reachable" goes (normally stderr).</summary>
    public TextWriter? Diagnostics { get; init; }

    /// <summary>The lowest level written; Debug and Trace are off unless asked for.</summary>
    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    /// <summary>The number in brackets after the component name.</summary>
    public int ProcessId { get; init; } = Environment.ProcessId;
}
