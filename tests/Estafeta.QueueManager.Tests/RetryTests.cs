using Estafeta.Delivery;
using Estafeta.Queue;
using MimeKit;

namespace Estafeta.QueueManager.Tests;

public sealed class RetryTests
{
    private const string Refused = "connect to mx.example.net[192.0.2.1]:25: Connection refused";

    [Fact]
    public async Task Deferred_mail_waits_in_deferred_with_mtime_as_next_attempt_then_expires_with_last_reason()
    {
        await using var queue = new QueueHarness();
        queue.Settings = queue.Settings with { MaximalQueueLifetime = TimeSpan.FromHours(1) };
        var smtp = new FakeAgent((r, _) => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Deferred, "4.4.1", Refused, "none")) { Clock = queue.Time };
        var local = FakeAgent.Delivering();
        var id = queue.Put("jose@example.org", "x@example.net");
        var manager = queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp, ["local"] = local });

        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(id), "first deferral");
        var deferredPath = queue.Store.PathOf(QueueName.Deferred, id);
        Assert.Equal(QueueHarness.Start.AddSeconds(300).UtcDateTime, File.GetLastWriteTimeUtc(deferredPath));

        // Postfix's schedule: the next attempt after clamp(age, 300 s, 4000 s), seen by a scan every 300 s.
        int[] expected = [0, 300, 600, 1200, 2400, 4800];
        for (var seconds = 300; seconds <= 4800; seconds += 300)
        {
            await queue.AdvanceAndSettle(manager, TimeSpan.FromSeconds(300));
            Assert.Equal(expected.Count(t => t <= seconds), smtp.Requests.Count);
        }

        Assert.Equal(expected, smtp.Requests.Select(r => (int)(r.Time - QueueHarness.Start).TotalSeconds));

        // The attempt at 4800 s was past maximal_queue_lifetime (1 h): the recipient bounces with its last reason.
        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "expiry bounce delivered");
        Assert.Contains($"{id}: from=<jose@example.org>, status=expired, returned to sender", queue.Lines("qmgr"));
        var dsn = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(local.Requests).Content)));
        var status = Assert.IsType<MessageDeliveryStatus>(Assert.IsType<MultipartReport>(dsn.Body)[1]);
        Assert.Equal("failed", status.StatusGroups[1]["Action"]);
        Assert.Equal("4.4.1", status.StatusGroups[1]["Status"]);
        Assert.Contains(Refused, dsn.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_that_comes_back_gets_the_mail_and_flush_retries_at_once()
    {
        await using var queue = new QueueHarness();
        var up = false;
        var smtp = new FakeAgent((r, _) => up
            ? new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", "250 2.0.0 Ok", "mx.example.net[192.0.2.1]:25")
            : new RecipientOutcome(r.QueueIndex, DeliveryStatus.Deferred, "4.4.1", Refused, "none"));
        var id = queue.Put("jose@example.org", "x@example.net");
        var manager = queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp });
        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(id), "deferred");
        Assert.Contains(id, QueueListing.Render(queue.Store), StringComparison.Ordinal);
        Assert.Contains("(" + Refused + ")", QueueListing.Render(queue.Store), StringComparison.Ordinal);

        up = true;
        queue.Time.Advance(TimeSpan.FromSeconds(61)); // past the dead-destination hold, well before the next attempt
        manager.Flush();
        await QueueHarness.Eventually(() => smtp.Requests.Count >= 2 && queue.QueueIsEmpty(), "delivered after flush");
        Assert.Equal(2, smtp.Requests.Count);
    }

    [Fact]
    public async Task Delay_warning_is_sent_once()
    {
        await using var queue = new QueueHarness();
        queue.Settings = queue.Settings with { DelayWarningTime = TimeSpan.FromMinutes(10) };
        var smtp = new FakeAgent((r, _) => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Deferred, "4.4.1", Refused, "none"));
        var local = FakeAgent.Delivering();
        var id = queue.Put("jose@example.org", "x@example.net");
        var manager = queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp, ["local"] = local });
        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(id), "deferred");

        for (var step = 1; step <= 8; step++)
        {
            await queue.AdvanceAndSettle(manager, TimeSpan.FromSeconds(300));
            Assert.Equal(new[] { 0, 300, 600, 1200, 2400 }.Count(t => t <= step * 300), smtp.Requests.Count);
            Assert.Contains(id, queue.Files(QueueName.Deferred));
        }

        await QueueHarness.Eventually(() => local.Requests.Count == 1, "warning delivered");
        var warning = Assert.Single(local.Requests);
        Assert.Contains("Subject: Delayed Mail (still being retried)", warning.Content, StringComparison.Ordinal);
        Assert.Contains("Action: delayed", warning.Content, StringComparison.Ordinal);
        Assert.Single(queue.Lines("bounce"), l => l.Contains("sender delay notification", StringComparison.Ordinal));
        Assert.True(queue.Store.ReadDeferLog(id)!.DelayWarningSent);
    }

    [Fact]
    public async Task At_start_deferred_mail_whose_time_has_come_is_retried_and_the_rest_waits()
    {
        await using var queue = new QueueHarness();
        var smtp = FakeAgent.Delivering("mx.example.net[192.0.2.1]:25", "250 2.0.0 Ok");
        var due = queue.Put("jose@example.org", "due@example.net");
        var later = queue.Put("jose@example.org", "later@example.net");
        foreach (var (id, next) in new[] { (due, QueueHarness.Start.AddSeconds(-1)), (later, QueueHarness.Start.AddSeconds(200)) })
        {
            var moved = queue.Store.Move(queue.Store.Find(id)!, QueueName.Deferred);
            File.SetLastWriteTimeUtc(moved.Path, next.UtcDateTime);
        }

        var manager = queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp });
        await QueueHarness.Eventually(() => manager.LastScanTime >= QueueHarness.Start && manager.ActiveCount == 0 && !queue.Files(QueueName.Deferred).Contains(due), "first scan");
        Assert.Equal(["due@example.net"], smtp.Requests.Select(r => r.Request.Recipients[0].Address));
        Assert.Equal([later], queue.Files(QueueName.Deferred));

        await queue.AdvanceAndSettle(manager, TimeSpan.FromSeconds(300));
        Assert.True(queue.QueueIsEmpty());
        Assert.Equal(2, smtp.Requests.Count);
    }
}
