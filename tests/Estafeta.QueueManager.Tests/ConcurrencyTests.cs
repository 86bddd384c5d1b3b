using System.Collections.Concurrent;
using Estafeta.Delivery;
using Estafeta.Queue;

namespace Estafeta.QueueManager.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_messages_to_five_destinations_are_each_delivered_once_within_the_limits()
    {
        await using var queue = new QueueHarness();
        queue.Settings = queue.Settings with { DefaultDestinationConcurrencyLimit = 2, DefaultDestinationRecipientLimit = 2 };
        var delivered = new ConcurrentDictionary<string, int>();
        var running = new ConcurrentDictionary<string, int>();
        var highest = new ConcurrentDictionary<string, int>();
        var smtp = new FakeAgent((r, request) =>
        {
            delivered.AddOrUpdate(request.QueueId + " " + r.Address, 1, (_, n) => n + 1);
            return new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", "250 2.0.0 Ok", request.Nexthop + "[192.0.2.1]:25");
        })
        {
            Before = async (request, token) =>
            {
                var now = running.AddOrUpdate(request.Nexthop, 1, (_, n) => n + 1);
                highest.AddOrUpdate(request.Nexthop, now, (_, n) => Math.Max(n, now));
                await Task.Delay(5, token); // simulated transmission time, so that deliveries overlap
                running.AddOrUpdate(request.Nexthop, 0, (_, n) => n - 1);
            },
        };
        var expected = new List<string>();
        for (var message = 0; message < 20; message++)
        {
            var recipients = Enumerable.Range(0, 5).SelectMany(d => new[] { $"u{message}@d{d}.example.net", $"v{message}@d{d}.example.net", $"w{message}@d{d}.example.net" }).ToArray();
            var id = queue.Put("jose@example.org", recipients);
            expected.AddRange(recipients.Select(r => id + " " + r));
        }

        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp });

        await QueueHarness.Eventually(queue.QueueIsEmpty, "queue empty", seconds: 30);
        Assert.Equal(expected.Order(), delivered.Keys.Order());
        Assert.All(delivered.Values, count => Assert.Equal(1, count));
        Assert.All(smtp.Requests, r => Assert.InRange(r.Request.Recipients.Count, 1, 2));
        Assert.Equal(5, highest.Count);
        Assert.All(highest.Values, max => Assert.InRange(max, 1, 2));
        Assert.Empty(Directory.EnumerateFiles(queue.Store.DeferLogDirectory));
    }

    [Fact]
    public async Task A_manager_abandoned_mid_run_loses_nothing_when_another_takes_over()
    {
        await using var queue = new QueueHarness();
        var firstDelivered = new ConcurrentDictionary<string, int>();
        var secondDelivered = new ConcurrentDictionary<string, int>();
        using var hang = new CancellationTokenSource();
        var calls = 0;
        var first = new FakeAgent((r, request) =>
        {
            firstDelivered.AddOrUpdate(request.QueueId + " " + r.Address, 1, (_, n) => n + 1);
            return new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", "delivered to mailbox", "local");
        })
        {
            // The first few deliveries finish; then the "process" hangs forever, as if it had crashed.
            Before = async (_, token) =>
            {
                if (Interlocked.Increment(ref calls) > 7)
                {
                    await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(token, hang.Token).Token);
                }
            },
        };
        var expected = new List<string>();
        for (var message = 0; message < 10; message++)
        {
            var recipients = new[] { $"a{message}@example.org", $"b{message}@example.org", $"c{message}@example.org" };
            var id = queue.Put("jose@example.org", recipients);
            expected.AddRange(recipients.Select(r => id + " " + r));
        }

        var abandoned = queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["local"] = first });
        await QueueHarness.Eventually(() => firstDelivered.Count == 7 && Volatile.Read(ref calls) > 7 && DoneRecipients(queue, 10) == 7, "first manager stuck");

        var second = new FakeAgent((r, request) =>
        {
            secondDelivered.AddOrUpdate(request.QueueId + " " + r.Address, 1, (_, n) => n + 1);
            return new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", "delivered to mailbox", "local");
        });
        var successor = new QueueManager(queue.Store, queue.Settings, new Dictionary<string, IDeliveryAgent> { ["local"] = second }, queue.Logs);
        await successor.StartAsync(CancellationToken.None);
        await QueueHarness.Eventually(queue.QueueIsEmpty, "queue empty after takeover");
        await successor.StopAsync(CancellationToken.None);

        var everyone = firstDelivered.Keys.Union(secondDelivered.Keys).Order().ToList();
        Assert.Equal(expected.Order(), everyone);
        Assert.All(secondDelivered.Values, count => Assert.Equal(1, count));
        Assert.All(firstDelivered.Keys, key => Assert.False(secondDelivered.ContainsKey(key), key + " delivered twice though it was marked done"));
        await hang.CancelAsync();
        _ = abandoned;
    }

    // Recipients marked done on disk: those of removed messages (3 each) plus the D status bytes of the rest.
    private static int DoneRecipients(QueueHarness queue, int messages)
    {
        var files = queue.Store.List();
        var done = (messages - files.Count) * 3;
        foreach (var entry in files)
        {
            try
            {
                done += QueueFile.Open(entry.Path).Recipients.Count(r => r.Status == RecipientStatus.Done);
            }
            catch (FileNotFoundException)
            {
                return -1; // moved meanwhile: look again
            }
        }

        return done;
    }
}
