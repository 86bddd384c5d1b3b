using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.MailLog.Tests;

/// <summary>A provider writing to a temp file at a fixed time (3 Nov 2026 10:43:13, UTC as local time).</summary>
internal sealed class MailLogFixture : IDisposable
{
    public MailLogFixture(Func<MailLogOptions, MailLogOptions>? adjust = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 10, 43, 13, TimeSpan.Zero));
        Time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var options = new MailLogOptions
        {
            HostName = "mx",
            ProcessId = 4242,
            FilePath = Directory.File("mail.log"),
            SyslogSocketPath = null,
        };
        Provider = new MailLogProvider(adjust?.Invoke(options) ?? options, Time);
    }

    public TestDirectory Directory { get; } = new();

    public FakeTimeProvider Time { get; }

    public MailLogProvider Provider { get; }

    public string LogPath => Directory.File("mail.log");

    public ILogger Logger(string category) => Provider.CreateLogger(category);

    public string[] Lines() =>
        File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];

    public void Dispose()
    {
        Provider.Dispose();
        Directory.Dispose();
    }
}
