namespace Estafeta.MailLog;

/// <summary>One place log lines go: a file, syslog, or the console.</summary>
internal interface IMailLogSink : IDisposable
{
    void Write(in MailLogEvent logEvent, MailLogLineFormatter formatter, ref string? fileLine);

    /// <summary>Close and open again (after log rotation); a no-op where that means nothing.</summary>
    void Reopen();
}
