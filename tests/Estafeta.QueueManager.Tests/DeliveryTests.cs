using Estafeta.Delivery;
using Estafeta.Queue;

namespace Estafeta.QueueManager.Tests;

public sealed class DeliveryTests
{
    [Fact]
    public async Task Delivered_message_is_removed_and_logged_as_postfix_does()
    {
        await using var queue = new QueueHarness();
        var agent = new FakeAgent((r, _) => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", "delivered to mailbox", "local"))
        {
            Before = (_, _) =>
            {
                queue.Time.Advance(TimeSpan.FromMilliseconds(100));
                return Task.CompletedTask;
            },
        };
        var id = queue.Put("jose@example.org", [new("usuario@example.org")], arrival: QueueHarness.Start - TimeSpan.FromMilliseconds(4100));
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["local"] = agent });

        await QueueHarness.Eventually(queue.QueueIsEmpty, "queue empty");
        await QueueHarness.Eventually(() => queue.Lines("qmgr").Contains($"{id}: removed"), "removed line");
        Assert.Equal(
            [$"{id}: from=<jose@example.org>, size=138, nrcpt=1 (queue active)", $"{id}: removed"],
            queue.Lines("qmgr"));
        Assert.Equal(
            [$"{id}: to=<usuario@example.org>, relay=local, delay=4.2, delays=4.1/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)"],
            queue.Lines("local"));
        var request = Assert.Single(agent.Requests).Request;
        Assert.Equal("local", request.Transport);
        Assert.Equal("mail.example.org", request.Nexthop);
        Assert.Equal("jose@example.org", request.Sender);
        Assert.False(File.Exists(Path.Combine(queue.Store.DeferLogDirectory, id)));
    }

    [Fact]
    public async Task Local_recipients_go_one_per_request_and_remote_ones_together()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        var smtp = FakeAgent.Delivering("mx.example.net[192.0.2.1]:25", "250 2.0.0 Ok: queued as ABC");
        queue.Put("jose@example.org", "a@example.org", "b@example.org", "x@example.net", "y@example.net", "z@other.example");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["local"] = local, ["smtp"] = smtp });

        await QueueHarness.Eventually(queue.QueueIsEmpty, "queue empty");
        Assert.Equal(2, local.Requests.Count);
        Assert.All(local.Requests, r => Assert.Single(r.Request.Recipients));
        Assert.Equal(
            ["example.net:x@example.net,y@example.net", "other.example:z@other.example"],
            smtp.Requests.Select(r => r.Request.Nexthop + ":" + string.Join(",", r.Request.Recipients.Select(x => x.Address))).Order());
    }

    [Fact]
    public async Task Transport_without_agent_is_deferred_as_unavailable()
    {
        await using var queue = new QueueHarness();
        var id = queue.Put("jose@example.org", "x@example.net");
        queue.StartManager(new Dictionary<string, IDeliveryAgent>());

        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(id), "deferred");
        Assert.Contains(
            $"{id}: to=<x@example.net>, relay=none, delay=0, delays=0/0/0/0, dsn=4.3.0, status=deferred (mail transport unavailable)",
            queue.Lines("qmgr"));
        var log = queue.Store.ReadDeferLog(id)!;
        Assert.Equal(1, log.Attempts);
        Assert.Equal("mail transport unavailable", Assert.Single(log.Recipients).Reason);
    }

    [Fact]
    public async Task Error_transport_bounces_with_its_status_and_discard_counts_as_sent()
    {
        await using var queue = new QueueHarness();
        var table = Path.Combine(queue.Store.Directory, "transport");
        await File.WriteAllTextAsync(table, "bad.example error:5.1.2 no such domain\ndiscard.example discard:\n");
        queue.Settings = queue.Settings with { TransportMaps = ["texthash:" + table] };
        var local = FakeAgent.Delivering();
        var id = queue.Put("jose@example.org", "u@bad.example", "v@discard.example");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["local"] = local });

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "bounce delivered to the sender");
        Assert.Contains($"{id}: to=<u@bad.example>, relay=none, delay=0, delays=0/0/0/0, dsn=5.1.2, status=bounced (no such domain)", queue.Lines("error"));
        Assert.Contains($"{id}: to=<v@discard.example>, relay=none, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (discarded)", queue.Lines("discard"));
        var bounce = Assert.Single(local.Requests);
        Assert.Equal(string.Empty, bounce.Request.Sender);
        Assert.Contains("<u@bad.example>: no such domain", bounce.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("discard.example", bounce.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_destination_defers_the_next_message_without_trying()
    {
        await using var queue = new QueueHarness();
        const string Refused = "connect to mx.example.net[192.0.2.1]:25: Connection refused";
        var smtp = new FakeAgent((r, _) => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Deferred, "4.4.1", Refused, "none"));
        var first = queue.Put("jose@example.org", "x@example.net");
        var manager = queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp });
        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(first), "first deferred");

        var second = queue.Put("jose@example.org", "y@example.net");
        manager.Wake();
        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(second), "second deferred");

        Assert.Single(smtp.Requests);
        Assert.Equal($"{first}: to=<x@example.net>, relay=none, delay=0, delays=0/0/0/0, dsn=4.4.1, status=deferred ({Refused})", Assert.Single(queue.Lines("smtp")));
        Assert.Contains($"{second}: to=<y@example.net>, relay=none, delay=0, delays=0/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: {Refused})", queue.Lines("qmgr"));
    }

    [Fact]
    public async Task A_commit_by_another_process_is_noticed_without_wake()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["local"] = local });
        await QueueHarness.Eventually(() => queue.Lines().Count == 0 && queue.QueueIsEmpty(), "idle");

        queue.Put("jose@example.org", "usuario@example.org"); // no Wake(), no clock advance: only inotify can tell

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "delivered");
    }
}
