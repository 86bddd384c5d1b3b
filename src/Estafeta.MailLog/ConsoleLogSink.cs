namespace Estafeta.MailLog;

/// <summary>Echoes lines to the console (stderr) when the server runs in the foreground.</summary>
internal sealed class ConsoleLogSink(TextWriter writer) : IMailLogSink
{
    private readonly Lock _lock = new();

    public void Write(in MailLogEvent logEvent, MailLogLineFormatter formatter, ref string? fileLine)
    {
        fileLine ??= formatter.FileLine(logEvent);
        lock (_lock)
        {
            writer.WriteLine(fileLine);
            writer.Flush();
        }
    }

    public void Reopen()
    {
    }

    // The writer belongs to the caller (it is normally Console.Error).
    public void Dispose()
    {
    }
}
