using System.Text;
using Estafeta.Core;
using Estafeta.Queue;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Cleanup.Tests;

/// <summary>A Cleanup service over a real queue in a temporary directory, with a fixed clock in UTC.</summary>
internal sealed class CleanupHarness : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CleanupHarness(CleanupSettings? settings = null, string? queueDirectory = null)
    {
        Time.SetLocalTimeZone(TimeZoneInfo.Utc);
        Logs = new CapturingLoggerFactory();
        Queue = new QueueStore(queueDirectory ?? _dir.Path, Time, Logs);
        Service = new CleanupService(Queue, settings ?? new CleanupSettings { MyHostname = "mail.example.org" }, Time, Logs);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 21, 40, 51, TimeSpan.Zero));

    public CapturingLoggerFactory Logs { get; }

    public QueueStore Queue { get; }

    public CleanupService Service { get; }

    public string QueueDirectory => Queue.Directory;

    /// <summary>A scratch directory of this test (outside the queue when a queue directory was given).</summary>
    public string ScratchDirectory => _dir.Path;

    /// <summary>Sends the lines through a writer and commits; returns the reply and the id.</summary>
    public async Task<(SmtpReply Reply, string QueueId)> SubmitAsync(ClientInfo client, Envelope envelope, params string[] lines)
    {
        var id = Service.NewQueueId();
        await using var writer = Service.Begin(id, client, envelope);
        foreach (var line in lines)
        {
            writer.AppendLine(Encoding.UTF8.GetBytes(line));
        }

        return (await writer.CommitAsync(CancellationToken.None), id);
    }

    /// <summary>The stored content of a committed message, lines joined with "\n".</summary>
    public string StoredText(string queueId) =>
        string.Join("\n", QueueFile.Open(Queue.PathOf(QueueName.Incoming, queueId)).ReadLines().Select(Encoding.UTF8.GetString));

    public string[] AllQueueFiles() => Directory.GetFiles(Queue.Directory, "*", SearchOption.AllDirectories);

    public void Dispose() => _dir.Dispose();
}
