using System.Text;
using Estafeta.Core;
using Estafeta.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Delivery.Local.Tests;

/// <summary>One test's world: a temp directory with a spool, a queue holding the message, a fake expander
/// and injector, and the agent under test.</summary>
internal sealed class LocalHarness : IDisposable
{
    private readonly TempDirectory _temp = new();
    private int _messages;

    public LocalHarness()
    {
        Spool = System.IO.Path.Combine(_temp.Path, "spool");
        Home = System.IO.Path.Combine(_temp.Path, "home");
        Directory.CreateDirectory(Spool);
        Directory.CreateDirectory(Home);
        Settings = new LocalDeliverySettings { MailSpoolDirectory = Spool, MyHostname = "mail.example.org", DeliverLockDelay = TimeSpan.FromMilliseconds(50), DeliverLockAttempts = 100 };
        Queue = new QueueStore(System.IO.Path.Combine(_temp.Path, "queue"), TimeProvider.System, NullLoggerFactory.Instance);
        User = new LocalUser("alumno", LibC.GetEffectiveUserId(), LibC.GetEffectiveGroupId(), Home, "/bin/sh");
        Expander = new FakeExpander(address => new LocalExpansion([new MailboxTarget(User, null) { Address = address }]));
    }

    public string Root => _temp.Path;

    public string Spool { get; }

    public string Home { get; }

    public LocalUser User { get; }

    public LocalDeliverySettings Settings { get; set; }

    public QueueStore Queue { get; }

    public FakeExpander Expander { get; }

    public FakeInjector Injector { get; } = new();

    public CapturingLoggerFactory Logs { get; } = new();

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public string MboxPath => System.IO.Path.Combine(Spool, User.Name);

    public LocalDeliveryAgent CreateAgent() => new(Settings, Expander, Injector, Time, Logs);

    /// <summary>Queues a message whose content is the given text (LF-separated lines) and returns a request for it.</summary>
    public DeliveryRequest Queued(string content, string sender = "jose@example.org", params string[] recipients)
    {
        if (recipients.Length == 0)
        {
            recipients = ["alumno@example.org"];
        }

        var id = Queue.NewQueueId();
        var envelope = new Envelope { Sender = sender, Recipients = [.. recipients.Select(r => new EnvelopeRecipient(r))] };
        using (var writer = Queue.Create(id, DateTimeOffset.UtcNow, Samples.Client, envelope, 4096))
        {
            foreach (var line in content.Split('\n'))
            {
                writer.WriteLine(Encoding.UTF8.GetBytes(line));
            }

            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        _messages++;
        return new DeliveryRequest
        {
            QueueId = id,
            QueueFilePath = Queue.PathOf(QueueName.Incoming, id),
            Transport = "local",
            Nexthop = "mail.example.org",
            Sender = sender,
            ArrivalTime = DateTimeOffset.UtcNow,
            Recipients = [.. recipients.Select((r, i) => new DeliveryRecipient(i, r))],
            Client = Samples.Client,
        };
    }

    public async Task<RecipientOutcome> DeliverOneAsync(string content, string sender = "jose@example.org")
    {
        var outcomes = await CreateAgent().DeliverAsync(Queued(content, sender), CancellationToken.None);
        return Assert.Single(outcomes);
    }

    public bool LoggedWarning(string fragment) =>
        Logs.Lines.Any(l => l.Category == "local" && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Text.Contains(fragment, StringComparison.Ordinal));

    public void Dispose() => _temp.Dispose();
}

internal sealed class FakeExpander(Func<string, LocalExpansion> expand) : ILocalExpander
{
    public Func<string, LocalExpansion> Expand { get; set; } = expand;

    LocalExpansion ILocalExpander.Expand(string address, string sender) => Expand(address);
}

internal sealed class FakeInjector : IMessageInjector
{
    private int _next;

    public List<(InjectedMessage Message, List<string> Lines)> Injected { get; } = [];

    public Task<string> InjectAsync(InjectedMessage message, CancellationToken cancellationToken)
    {
        var lines = message.Lines.Select(l => Encoding.UTF8.GetString(l)).ToList();
        lock (Injected)
        {
            Injected.Add((message, lines));
            return Task.FromResult($"FWD{Interlocked.Increment(ref _next)}");
        }
    }
}
