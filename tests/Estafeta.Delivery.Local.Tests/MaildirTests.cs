using System.Text.RegularExpressions;

namespace Estafeta.Delivery.Local.Tests;

public sealed class MaildirTests
{
    [Fact]
    public async Task MaildirMessageLandsInNewAndPythonReadsIt()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { HomeMailbox = "Maildir/" };

        var outcome = await harness.DeliverOneAsync("Subject: md\n\nFrom the maildir\nbody");

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("delivered to maildir", outcome.Reason);
        var maildir = Path.Combine(harness.Home, "Maildir");
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "cur")));
        var file = Assert.Single(Directory.GetFiles(Path.Combine(maildir, "new")));
        Assert.Matches(new Regex(@"^\d+\.V[0-9a-f]+I[0-9a-f]+M\d+\.mail\.example\.org$"), Path.GetFileName(file));
        var message = Assert.Single(ExternalTools.ParseMaildir(maildir));
        Assert.Equal(["new", "<jose@example.org>", "alumno@example.org", "From the maildir\nbody\n"], message);

        // No From_ line and no quoting in a Maildir file.
        Assert.StartsWith("Return-Path: <jose@example.org>\nDelivered-To: alumno@example.org\nSubject: md\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        foreach (var directory in new[] { maildir, Path.Combine(maildir, "new") })
        {
            Assert.Equal(0x41C0u, FileStatus.OfLink(directory)!.Value.Mode); // directory, 0700
        }
    }

    [Fact]
    public async Task TwoMessagesGetTwoUniqueFiles()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { HomeMailbox = "Maildir/" };

        await harness.DeliverOneAsync("Subject: 1\n\none");
        await harness.DeliverOneAsync("Subject: 2\n\ntwo");

        var payloads = ExternalTools.ParseMaildir(Path.Combine(harness.Home, "Maildir")).Select(m => m[3]).Order().ToArray();
        Assert.Equal(["one\n", "two\n"], payloads);
    }

    [Fact]
    public async Task MaildirThatIsASymlinkIsDeferred()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { HomeMailbox = "Maildir/" };
        var elsewhere = Path.Combine(harness.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.CreateSymbolicLink(Path.Combine(harness.Home, "Maildir"), elsewhere);

        var outcome = await harness.DeliverOneAsync("Subject: md\n\nbody");

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.2.0", outcome.Dsn);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        Assert.True(harness.LoggedWarning("symbolic link"));
    }
}
