// The mail log: one Postfix-format line per event, to maillog_file or syslog, and the console in the foreground.
// Trusts: the text it is given to be the Postfix wording; it still turns control characters into '?'.
// Must never: throw into the caller (a log write that fails is dropped), or split one event over two lines.
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog;

/// <summary>
/// An <see cref="ILoggerProvider"/> whose category is the Postfix component ("smtpd", "cleanup",
/// "master"). <see cref="Reconfigure"/> applies a reloaded configuration; <see cref="Reopen"/> reopens
/// the file after log rotation.
/// </summary>
public sealed class MailLogProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, MailLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Lock _reconfigureLock = new();
    private volatile MailLogPipeline _pipeline;

    /// <exception cref="IOException">maillog_file cannot be opened.</exception>
    public MailLogProvider(MailLogOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        _pipeline = MailLogPipeline.Build(options);
    }

    public TimeProvider TimeProvider { get; }

    public MailLogOptions Options => _pipeline.Options;

    /// <summary>Where lines go, for people: the file path, "syslog (/dev/log)", or "nowhere (...)".</summary>
    public string Destination => _pipeline.Destination;

    internal MailLogPipeline Pipeline => _pipeline;

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, provider) => new MailLogger(provider, name), this);

    /// <summary>
    /// Switches to new options (after a reload). The new sinks are opened first; if that fails the old
    /// ones stay and the exception tells the caller why.
    /// </summary>
    /// <exception cref="IOException">The new maillog_file cannot be opened.</exception>
    public void Reconfigure(MailLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_reconfigureLock)
        {
            var fresh = MailLogPipeline.Build(options);
            var old = _pipeline;
            _pipeline = fresh;
            old.Dispose();
        }
    }

    /// <summary>Closes and reopens the log file or syslog socket, so a rotated file is let go.</summary>
    public void Reopen()
    {
        lock (_reconfigureLock)
        {
            _pipeline.Reopen();
        }
    }

    public void Dispose()
    {
        lock (_reconfigureLock)
        {
            _pipeline.Dispose();
        }
    }
}
