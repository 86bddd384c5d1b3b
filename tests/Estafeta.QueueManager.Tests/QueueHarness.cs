using Estafeta.Core;
using Estafeta.Delivery;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.QueueManager.Tests;

/// <summary>A real queue in a temp directory, a fake clock, captured logs, and managers on top.</summary>
internal sealed class QueueHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly List<QueueManager> _managers = [];

    public QueueHarness()
    {
        Store = new QueueStore(_dir.Path, Time, Logs);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public CapturingLoggerFactory Logs { get; } = new();

    public QueueStore Store { get; }

    public QueueManagerSettings Settings { get; set; } = new()
    {
        MyHostname = "mail.example.org",
        MyOrigin = "example.org",
        IsLocalDomain = domain => domain is "example.org" or "mail.example.org",
    };

    public QueueManager StartManager(IReadOnlyDictionary<string, IDeliveryAgent> agents)
    {
        var manager = new QueueManager(Store, Settings, agents, Logs);
        _managers.Add(manager);
        manager.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return manager;
    }

    /// <summary>Commits a message to incoming/ and returns its id.</summary>
    public string Put(string sender, IReadOnlyList<EnvelopeRecipient> recipients, DateTimeOffset? arrival = null, DsnReturn ret = DsnReturn.Unspecified, string subject = "Hola")
    {
        var id = Store.NewQueueId();
        var envelope = new Envelope { Sender = sender, Recipients = recipients, Return = ret };
        using var writer = Store.Create(id, arrival ?? Time.GetUtcNow(), Samples.Client, envelope, 2048);
        foreach (var line in new[] { "From: " + (sender.Length == 0 ? "MAILER-DAEMON@example.org" : sender), "To: someone@example.net", "Subject: " + subject, "Message-ID: <" + id + "@example.org>", string.Empty, "Body line one.", "Body line two." })
        {
            writer.WriteLine(System.Text.Encoding.UTF8.GetBytes(line));
        }

        Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        return id;
    }

    public string Put(string sender, params string[] recipients) => Put(sender, [.. recipients.Select(r => new EnvelopeRecipient(r))]);

    public IEnumerable<string> Files(QueueName queue) => Directory.EnumerateFiles(Store.DirectoryOf(queue)).Select(Path.GetFileName)!;

    /// <summary>No file in incoming, active, deferred or hold. Scanned in both orders: a file moving from one folder to
    /// the next while one scan reads them can slip past that scan, not past both.</summary>
    public bool QueueIsEmpty() =>
        QueueNames.Live.All(q => !Files(q).Any()) && QueueNames.Live.Reverse().All(q => !Files(q).Any());

    public IReadOnlyList<string> Lines(string? category = null) =>
        [.. Logs.Lines.Where(l => category is null || l.Category == category).Select(l => (l.Level == LogLevel.Warning ? "warning: " : string.Empty) + l.Text)];

    /// <summary>Advances the clock and waits until the manager has scanned at the new time and finished every
    /// pass that scan started, so that "no attempt now" is observed, not assumed.</summary>
    public async Task AdvanceAndSettle(QueueManager manager, TimeSpan by)
    {
        Time.Advance(by);
        var now = Time.GetUtcNow();
        await Eventually(() => manager.LastScanTime >= now && manager.ActiveCount == 0, $"scan at {now:HH:mm:ss} settled");
    }

    /// <summary>Waits (bounded, real time) for a condition that the manager's own thread makes true.</summary>
    public static async Task Eventually(Func<bool> condition, string what, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for: " + what);
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        _dir.Dispose();
    }
}
