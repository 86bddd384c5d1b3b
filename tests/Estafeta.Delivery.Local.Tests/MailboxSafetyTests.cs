namespace Estafeta.Delivery.Local.Tests;

/// <summary>reliability.md §2g: never write through a link, into a non-regular file or into someone else's file.</summary>
public sealed class MailboxSafetyTests
{
    private const string Message = "Subject: x\n\nbody";

    [Fact]
    public async Task SymlinkInPlaceOfMailboxIsDeferredAndTargetUnchanged()
    {
        using var harness = new LocalHarness();
        var outside = Path.Combine(harness.Root, "passwd-copy");
        await File.WriteAllTextAsync(outside, "root:x:0:0\n");
        File.CreateSymbolicLink(harness.MboxPath, outside);

        var outcome = await harness.DeliverOneAsync(Message);

        AssertDeferred(outcome, harness, "symbolic link");
        Assert.Equal("root:x:0:0\n", await File.ReadAllTextAsync(outside));
    }

    [Fact]
    public async Task HardLinkedMailboxIsDeferredAndUnchanged()
    {
        using var harness = new LocalHarness();
        var other = Path.Combine(harness.Root, "other");
        await File.WriteAllTextAsync(other, "old\n");
        ExternalTools.Run("ln", other, harness.MboxPath);

        var outcome = await harness.DeliverOneAsync(Message);

        AssertDeferred(outcome, harness, "2 hard links");
        Assert.Equal("old\n", await File.ReadAllTextAsync(other));
    }

    [Fact]
    public async Task FifoInPlaceOfMailboxIsDeferredWithoutHanging()
    {
        using var harness = new LocalHarness();
        ExternalTools.Run("mkfifo", harness.MboxPath);

        var outcome = await harness.CreateAgent().DeliverAsync(harness.Queued(Message), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        AssertDeferred(Assert.Single(outcome), harness, "fifo");
    }

    [Fact]
    public async Task DirectoryInPlaceOfMailboxIsDeferred()
    {
        using var harness = new LocalHarness();
        Directory.CreateDirectory(harness.MboxPath);

        var outcome = await harness.DeliverOneAsync(Message);

        AssertDeferred(outcome, harness, "directory");
        Assert.Empty(Directory.GetFileSystemEntries(harness.MboxPath));
    }

    [Fact]
    public async Task MailboxOwnedBySomeoneElseIsDeferredAndUnchanged()
    {
        using var harness = new LocalHarness();
        await File.WriteAllTextAsync(harness.MboxPath, "theirs\n");
        ExternalTools.Run("chown", "nobody", harness.MboxPath);

        var outcome = await harness.DeliverOneAsync(Message);

        AssertDeferred(outcome, harness, "owned by uid 65534");
        Assert.Equal("theirs\n", await File.ReadAllTextAsync(harness.MboxPath));
    }

    [Fact]
    public async Task FileTargetOwnedBySomeoneElseThanItsRunAsUserIsDeferred()
    {
        using var harness = new LocalHarness();
        var path = Path.Combine(harness.Root, "archive");
        await File.WriteAllTextAsync(path, "theirs\n");
        var nobody = new LocalUser("nobody", 65534, 65534, "/nonexistent", "/usr/sbin/nologin");
        harness.Expander.Expand = address => new LocalExpansion([new FileTarget(path, nobody) { Address = address }]);

        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("theirs\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task HomeMailboxBehindASymlinkedDirectoryIsDeferred()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { HomeMailbox = "Mail/inbox" };
        var elsewhere = Path.Combine(harness.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.CreateSymbolicLink(Path.Combine(harness.Home, "Mail"), elsewhere);

        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    private static void AssertDeferred(RecipientOutcome outcome, LocalHarness harness, string why)
    {
        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.2.0", outcome.Dsn);
        Assert.StartsWith($"cannot update mailbox {harness.MboxPath} for user alumno. ", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains(why, outcome.Reason, StringComparison.Ordinal);
        Assert.True(harness.LoggedWarning(harness.MboxPath), "a warning names the mailbox");
        Assert.False(File.Exists(harness.MboxPath + ".lock"));
    }
}
