namespace Estafeta.Delivery.Local.Tests;

public sealed class ExpansionTests
{
    [Fact]
    public async Task ForwardTargetsSharingASenderBecomeOneInjectedMessageWithDeliveredToFirst()
    {
        using var harness = new LocalHarness();
        harness.Expander.Expand = address => new LocalExpansion(
        [
            new ForwardTarget("ana@remote.example", "owner-team@example.org") { Address = "team@example.org" },
            new ForwardTarget("luis@remote.example", "owner-team@example.org") { Address = "team@example.org" },
        ]);

        var outcome = await harness.DeliverOneAsync("Subject: fw\n\nbody");

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("forwarded as FWD1", outcome.Reason);
        Assert.Equal("FWD1", outcome.ForwardedAs);
        var (message, lines) = Assert.Single(harness.Injector.Injected);
        Assert.Equal("owner-team@example.org", message.Sender);
        Assert.Equal(["ana@remote.example", "luis@remote.example"], message.Recipients.Select(r => r.Address));
        // Delivered-To names the recipient that forwarded (as Postfix's local does), not the new recipients.
        Assert.Equal(["Delivered-To: alumno@example.org", "Subject: fw", "", "body"], lines);
        Assert.False(File.Exists(harness.MboxPath));
    }

    [Fact]
    public async Task SameMailboxReachedTwiceGetsOneCopy()
    {
        using var harness = new LocalHarness();
        harness.Expander.Expand = address => new LocalExpansion(
        [
            new MailboxTarget(harness.User, null) { Address = "alumno@example.org" },
            new MailboxTarget(harness.User, null) { Address = "alumno@example.org" },
        ]);

        var outcomes = await harness.CreateAgent().DeliverAsync(harness.Queued("Subject: d\n\nbody", "jose@example.org", "root@example.org", "postmaster@example.org"), CancellationToken.None);

        Assert.Equal([0, 1], outcomes.Select(o => o.QueueIndex));
        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Sent, o.Status));
        Assert.Single(ExternalTools.ParseMbox(harness.MboxPath));
    }

    [Fact]
    public async Task FileTargetAppendsInMboxFormatWithDefaultPrivilegesInsteadOfRoot()
    {
        using var harness = new LocalHarness();
        var shared = Path.Combine(harness.Root, "shared");
        Directory.CreateDirectory(shared);
        ExternalTools.Run("chmod", "0777", harness.Root, shared);
        var path = Path.Combine(shared, "archive");
        harness.Expander.Expand = address => new LocalExpansion([new FileTarget(path, harness.User) { Address = "archive@example.org" }]);

        var outcome = await harness.DeliverOneAsync("Subject: f\n\nFrom archive");

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal($"delivered to file: {path}", outcome.Reason);
        var message = Assert.Single(ExternalTools.ParseMbox(path));
        Assert.Equal(["archive@example.org", ">From archive\n"], message[1..]);
        Assert.Equal(65534u, FileStatus.OfLink(path)!.Value.UserId); // default_privs = nobody, as in Postfix
    }

    [Fact]
    public async Task FailedTargetsGiveTheirDsnAndReason()
    {
        using var harness = new LocalHarness();
        harness.Expander.Expand = address => new LocalExpansion([new FailedTarget(true, "5.1.1", "unknown user: \"nadie\"") { Address = address }]);

        var outcome = await harness.DeliverOneAsync("Subject: f\n\nbody");

        Assert.Equal((DeliveryStatus.Bounced, "5.1.1", "unknown user: \"nadie\"", "local"), (outcome.Status, outcome.Dsn, outcome.Reason, outcome.Relay));
    }

    [Fact]
    public async Task AnyDeferredTargetDefersTheRecipientEvenWhenAnotherBounced()
    {
        using var harness = new LocalHarness();
        harness.Expander.Expand = address => new LocalExpansion(
        [
            new MailboxTarget(harness.User, null) { Address = address },
            new FailedTarget(true, "5.1.1", "unknown user: \"b\"") { Address = address },
            new FailedTarget(false, "4.3.0", "alias database unavailable") { Address = address },
        ]);

        var outcome = await harness.DeliverOneAsync("Subject: f\n\nbody");

        Assert.Equal((DeliveryStatus.Deferred, "4.3.0", "alias database unavailable"), (outcome.Status, outcome.Dsn, outcome.Reason));
        Assert.Single(ExternalTools.ParseMbox(harness.MboxPath));
    }

    [Fact]
    public async Task MessageAlreadyDeliveredToTheAddressBouncesAsALoop()
    {
        using var harness = new LocalHarness();

        var outcome = await harness.DeliverOneAsync("Delivered-To: alumno@example.org\nSubject: loop\n\nbody");

        Assert.Equal((DeliveryStatus.Bounced, "5.4.6", "mail forwarding loop for alumno@example.org"), (outcome.Status, outcome.Dsn, outcome.Reason));
        Assert.False(File.Exists(harness.MboxPath));
    }

    [Fact]
    public async Task MissingQueueFileDefersEveryRecipient()
    {
        using var harness = new LocalHarness();
        var request = harness.Queued("Subject: x\n\nbody", "jose@example.org", "a@example.org", "b@example.org");
        File.Delete(request.QueueFilePath);

        var outcomes = await harness.CreateAgent().DeliverAsync(request, CancellationToken.None);

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal((DeliveryStatus.Deferred, "4.3.0"), (o.Status, o.Dsn)));
    }
}
