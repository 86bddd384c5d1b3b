using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Daemon;

/// <summary>The master's log lines, worded as Postfix's master(8) words them.</summary>
internal static partial class MasterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "daemon started -- version {Version}, configuration {Configuration}")]
    public static partial void DaemonStarted(ILogger logger, string version, string configuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "reload -- version {Version}, configuration {Configuration}")]
    public static partial void Reloaded(ILogger logger, string version, string configuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "terminating on signal {Signal}")]
    public static partial void Terminating(ILogger logger, int signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "daemon stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "reload failed: {Problem}; the previous configuration stays in force")]
    public static partial void ReloadFailed(ILogger logger, string problem);

    /// <summary>"FILE, line N: problem", as ConfigWarning.ToString() words it.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name} is set, but has no effect yet in estafeta {Version}")]
    public static partial void NotImplemented(ILogger logger, string name, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Table}: NIS lookups are not supported; this table finds nothing")]
    public static partial void NisDisabled(ILogger logger, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "master.cf has no qmgr service: mail is queued but not delivered")]
    public static partial void NoQueueManager(ILogger logger);
}
