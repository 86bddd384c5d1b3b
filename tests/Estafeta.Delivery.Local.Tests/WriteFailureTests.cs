using System.Text;

namespace Estafeta.Delivery.Local.Tests;

public sealed class WriteFailureTests
{
    [Fact]
    public async Task DiskFullHalfWayTruncatesTheMailboxBackAndDefers()
    {
        using var harness = new LocalHarness();
        using var tmpfs = TmpfsMount.Create(harness.Root, "256k");
        harness.Settings = harness.Settings with { MailSpoolDirectory = tmpfs.Path };
        var mbox = Path.Combine(tmpfs.Path, "alumno");
        await harness.DeliverOneAsync("Subject: first\n\nkept");
        var before = await File.ReadAllBytesAsync(mbox);
        var big = new StringBuilder("Subject: big\n\n");
        for (var i = 0; i < 8000; i++)
        {
            big.Append(i).Append(" the quick brown fox jumps over the lazy dog\n");
        }

        var outcome = await harness.DeliverOneAsync(big.ToString());

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.3.1", outcome.Dsn);
        Assert.Equal($"cannot update mailbox {mbox} for user alumno. error writing message: No space left on device", outcome.Reason);
        Assert.Equal(before, await File.ReadAllBytesAsync(mbox));
        Assert.False(File.Exists(mbox + ".lock"));
    }

    [Fact]
    public async Task QueueFileDamagedDuringTheCopyTruncatesBackAndDefers()
    {
        using var harness = new LocalHarness();
        await harness.DeliverOneAsync("Subject: first\n\nkept");
        var before = await File.ReadAllBytesAsync(harness.MboxPath);
        var request = harness.Queued("Subject: doomed\n\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i}\n")));

        // The expander runs after the agent validated the queue file: cut the file in half there.
        harness.Expander.Expand = address =>
        {
            using (var file = new FileStream(request.QueueFilePath, FileMode.Open))
            {
                file.SetLength(file.Length * 6 / 10);
            }

            return new LocalExpansion([new MailboxTarget(harness.User, null) { Address = address }]);
        };

        var outcome = Assert.Single(await harness.CreateAgent().DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.3.0", outcome.Dsn);
        Assert.Contains("cannot read queued message", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(harness.MboxPath));
    }

    [Fact]
    public async Task MailboxSizeLimitBouncesWith522AndLeavesTheMailboxUnchanged()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { MailboxSizeLimit = 400 };
        await harness.DeliverOneAsync("Subject: small\n\nfits");
        var before = await File.ReadAllBytesAsync(harness.MboxPath);

        var outcome = await harness.DeliverOneAsync("Subject: large\n\n" + new string('x', 500));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.2.2", outcome.Dsn);
        Assert.Equal($"cannot update mailbox {harness.MboxPath} for user alumno. error writing message: File too large", outcome.Reason);
        Assert.Equal(before, await File.ReadAllBytesAsync(harness.MboxPath));
    }

    [Fact]
    public async Task ZeroSizeLimitMeansNoLimit()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { MailboxSizeLimit = 0 };

        var outcome = await harness.DeliverOneAsync("Subject: large\n\n" + new string('x', 100_000));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
    }
}
