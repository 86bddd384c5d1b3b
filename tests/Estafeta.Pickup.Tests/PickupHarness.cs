using System.Text;
using Estafeta.Cleanup;
using Estafeta.Queue;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Pickup.Tests;

/// <summary>A queue directory with maildrop/, a real CleanupService and QueueStore, a pickup service, and a
/// way to run sendmail in this process. Clock fixed, in UTC.</summary>
internal sealed class PickupHarness : IDisposable
{
    private readonly TempDirectory _dir = new();

    public PickupHarness(long messageSizeLimit = 10240000)
    {
        Time.SetLocalTimeZone(TimeZoneInfo.Utc);
        QueueDirectory = Path.Combine(_dir.Path, "queue");
        Queue = new QueueStore(QueueDirectory, Time, Logs);
        MaildropFolder.Create(QueueDirectory);
        Cleanup = new CleanupService(Queue, new CleanupSettings { MyHostname = "mail.example.org", MessageSizeLimit = messageSizeLimit }, Time, Logs);
        Settings = new PickupSettings { QueueDirectory = QueueDirectory, MyOrigin = "example.org", MessageSizeLimit = messageSizeLimit };
        Pickup = new PickupService(Settings, Cleanup, Time, Logs);
        MessageSizeLimit = messageSizeLimit;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 21, 40, 51, TimeSpan.Zero));

    public CapturingLoggerFactory Logs { get; } = new();

    public string Root => _dir.Path;

    public string QueueDirectory { get; }

    public string Maildrop => MaildropFolder.PathIn(QueueDirectory);

    public QueueStore Queue { get; }

    public CleanupService Cleanup { get; }

    public PickupSettings Settings { get; }

    public PickupService Pickup { get; }

    public long MessageSizeLimit { get; }

    public string[] DropFiles() => Directory.GetFiles(Maildrop);

    public string[] IncomingIds() => [.. Queue.List().Where(e => e.Queue == QueueName.Incoming).Select(e => e.QueueId)];

    /// <summary>Runs sendmail in this process with the text as standard input.</summary>
    public async Task<(int Status, string Output, string Error)> SendmailAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new SendmailEnvironment
        {
            Settings = new SendmailSettings { QueueDirectory = QueueDirectory, MessageSizeLimit = MessageSizeLimit },
            Input = new MemoryStream(Encoding.UTF8.GetBytes(input)),
            Output = output,
            Error = error,
            GetEnvironmentVariable = _ => null,
        };
        var status = await SendmailProgram.RunAsync("sendmail", args, env);
        return (status, output.ToString(), error.ToString());
    }

    /// <summary>The stored content of a queued message, lines joined with "\n".</summary>
    public string StoredText(string queueId) =>
        string.Join("\n", QueueFile.Open(Queue.PathOf(QueueName.Incoming, queueId)).ReadLines().Select(Encoding.UTF8.GetString));

    public QueueFile Open(string queueId) => QueueFile.Open(Queue.PathOf(QueueName.Incoming, queueId));

    public IEnumerable<string> LogLines(string category) => Logs.Lines.Where(l => l.Category == category).Select(l => l.Text);

    public void Dispose() => _dir.Dispose();
}
