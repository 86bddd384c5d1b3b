using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog;

/// <summary>
/// One configuration's worth of sinks and line format. Immutable once built: a reload builds a new
/// pipeline and swaps it in, so a line is never written half with the old syslog_name and half with the new.
/// </summary>
internal sealed class MailLogPipeline : IDisposable
{
    private readonly IMailLogSink[] _sinks;

    private MailLogPipeline(MailLogOptions options, IMailLogSink[] sinks, string destination)
    {
        Options = options;
        Formatter = new MailLogLineFormatter(options.HostName, options.SyslogName, options.ProcessId);
        _sinks = sinks;
        Destination = destination;
    }

    public MailLogOptions Options { get; }

    public MailLogLineFormatter Formatter { get; }

    /// <summary>Where the log goes, for the startup line: a file path, "syslog (/dev/log)", or "nowhere".</summary>
    public string Destination { get; }

    public static MailLogPipeline Build(MailLogOptions options)
    {
        var sinks = new List<IMailLogSink>(2);
        string destination;
        if (options.FilePath is { Length: > 0 } path)
        {
            sinks.Add(new FileLogSink(path));
            destination = path;
        }
        else if (options.SyslogSocketPath is { Length: > 0 } socketPath)
        {
            var syslog = SyslogSink.TryConnect(socketPath, out var problem);
            if (syslog is null)
            {
                // Tell the operator once, on the console, rather than lose every line without a word.
                options.Diagnostics?.WriteLine(
                    $"{options.SyslogName}: warning: cannot connect to syslog socket {socketPath}: {problem}; set maillog_file to log to a file");
                destination = "nowhere (no syslog socket " + socketPath + ")";
            }
            else
            {
                sinks.Add(syslog);
                destination = "syslog (" + socketPath + ")";
            }
        }
        else
        {
            destination = "nowhere";
        }

        if (options.Console is { } console)
        {
            sinks.Add(new ConsoleLogSink(console));
        }

        return new MailLogPipeline(options, [.. sinks], destination);
    }

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= Options.MinimumLevel;

    public void Write(in MailLogEvent logEvent)
    {
        string? fileLine = null;
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Write(logEvent, Formatter, ref fileLine);
            }
            catch (IOException)
            {
                // A full disk or a vanished file must not turn a log call into a failed SMTP session.
            }
            catch (ObjectDisposedException)
            {
                // Raced with a reload that retired this pipeline; the line is lost, the caller is not hurt.
            }
        }
    }

    public void Reopen()
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Reopen();
            }
            catch (IOException e)
            {
                Options.Diagnostics?.WriteLine($"{Options.SyslogName}: warning: cannot reopen the mail log: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }
    }
}
