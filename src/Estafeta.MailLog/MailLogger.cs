using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog;

/// <summary>The logger for one category; it writes through whatever pipeline is current.</summary>
internal sealed class MailLogger(MailLogProvider provider, string category) : ILogger
{
    private readonly string _component = ComponentName.FromCategory(category);
    private readonly bool _isFramework = ComponentName.IsFramework(category);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) =>
        (!_isFramework || logLevel >= LogLevel.Warning) && provider.Pipeline.IsEnabled(logLevel);

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var text = formatter(state, exception);
        if (exception is not null && !text.Contains(exception.Message, StringComparison.Ordinal))
        {
            // Postfix logs a reason, not a stack trace: "... : Connection reset by peer".
            text = text.Length == 0 ? exception.Message : text + ": " + exception.Message;
        }

        var pipeline = provider.Pipeline;
        pipeline.Write(new MailLogEvent(
            provider.TimeProvider.GetLocalNow(),
            _component,
            logLevel,
            MailLogLineFormatter.Printable(text)));
    }
}
