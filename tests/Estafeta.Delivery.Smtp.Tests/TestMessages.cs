using System.Text;
using Estafeta.Core;
using Estafeta.Queue;
using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>Queue files for tests, written with the real QueueStore, and the requests that name them.</summary>
internal static class TestMessages
{
    public static readonly string[] DefaultLines =
    [
        "From: jose@example.org",
        "To: ana@remote.test",
        "Subject: hello",
        "Message-ID: <1@example.org>",
        string.Empty,
        "First line.",
        ".a line that starts with a dot",
        "..two dots",
        ".",
        "Last line.",
    ];

    public static DeliveryRequest Create(string directory, string nexthop, string[] recipients, string[]? lines = null, Func<DeliveryRequest, DeliveryRequest>? adjust = null)
    {
        var store = new QueueStore(Path.Combine(directory, "queue"), TimeProvider.System, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        var envelope = Samples.Envelope(recipients);
        using var writer = store.Create(id, DateTimeOffset.UtcNow, Samples.Client, envelope, 2048);
        foreach (var line in lines ?? DefaultLines)
        {
            writer.WriteLine(Encoding.UTF8.GetBytes(line));
        }

        Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        var request = new DeliveryRequest
        {
            QueueId = id,
            QueueFilePath = store.PathOf(QueueName.Incoming, id),
            Transport = "smtp",
            Nexthop = nexthop,
            Sender = envelope.Sender,
            ArrivalTime = DateTimeOffset.UtcNow,
            Recipients = [.. recipients.Select((r, i) => new DeliveryRecipient(i, r))],
            ContentSize = writer.ContentSize,
        };
        return adjust is null ? request : adjust(request);
    }

    /// <summary>The content as it must arrive: the queued lines, LF-terminated (smtp-sink and the Python peer's dumps).</summary>
    public static string Expected(string[]? lines = null) => string.Concat((lines ?? DefaultLines).Select(l => l + "\n"));
}
