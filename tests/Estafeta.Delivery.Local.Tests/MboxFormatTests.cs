using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Delivery.Local.Tests;

public sealed class MboxFormatTests
{
    [Fact]
    public async Task MboxCopyHasFromLineHeadersQuotingAndBlankLine()
    {
        using var harness = new LocalHarness { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 9, 5, 1, TimeSpan.Zero)) };

        var outcome = await harness.DeliverOneAsync("Subject: hi\n\nFrom here\n>From there\nFromage\nbody");

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("2.0.0", outcome.Dsn);
        Assert.Equal("delivered to mailbox", outcome.Reason);
        Assert.Equal("local", outcome.Relay);
        Assert.Equal(
            "From jose@example.org Tue Nov  3 09:05:01 2026\n" +
            "Return-Path: <jose@example.org>\n" +
            "Delivered-To: alumno@example.org\n" +
            "Subject: hi\n" +
            "\n" +
            ">From here\n" +
            ">>From there\n" +
            "Fromage\n" +
            "body\n" +
            "\n",
            await File.ReadAllTextAsync(harness.MboxPath));
    }

    [Fact]
    public async Task NullSenderIsMailerDaemonInFromLineAndEmptyReturnPath()
    {
        using var harness = new LocalHarness { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.Zero)) };

        await harness.DeliverOneAsync("Subject: bounce\n\nsorry", sender: "");

        var text = await File.ReadAllTextAsync(harness.MboxPath);
        Assert.StartsWith("From MAILER-DAEMON Mon Nov 23 19:00:00 2026\nReturn-Path: <>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoAppendedMessagesParseWithPythonMailboxWithTheirBodies()
    {
        using var harness = new LocalHarness();

        var first = await harness.DeliverOneAsync("Subject: one\nFrom: jose@example.org\n\nfirst body\nline two");
        var second = await harness.DeliverOneAsync("Subject: two\n\nsecond body\n\n\nafter blank lines");

        Assert.Equal(DeliveryStatus.Sent, first.Status);
        Assert.Equal(DeliveryStatus.Sent, second.Status);
        var messages = ExternalTools.ParseMbox(harness.MboxPath);
        Assert.Equal(2, messages.Length);
        Assert.StartsWith("jose@example.org ", messages[0][0], StringComparison.Ordinal);
        Assert.Equal("alumno@example.org", messages[0][1]);

        // mailbox.mbox drops the blank line that separates messages: the bodies come back as queued.
        Assert.Equal("first body\nline two\n", messages[0][2]);
        Assert.Equal("second body\n\n\nafter blank lines\n", messages[1][2]);
    }

    [Fact]
    public async Task NewMailboxIsOwnedByUserGroupMailMode0600()
    {
        using var harness = new LocalHarness();

        await harness.DeliverOneAsync("Subject: x\n\nbody");

        var status = FileStatus.OfLink(harness.MboxPath)!.Value;
        Assert.Equal(0x8180u, status.Mode); // regular file, 0600
        Assert.Equal(harness.User.UserId, status.UserId);
        var mailGid = uint.Parse(ExternalTools.Run("getent", "group", "mail").Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(LibC.GetEffectiveUserId() == 0 ? mailGid : LibC.GetEffectiveGroupId(), status.GroupId);
    }

    [Fact]
    public async Task HomeMailboxWithoutSlashIsAnMboxFileInTheHome()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { HomeMailbox = "Mailbox" };

        var outcome = await harness.DeliverOneAsync("Subject: x\n\nhome body");

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.False(File.Exists(harness.MboxPath));
        Assert.Equal("home body\n", ExternalTools.ParseMbox(Path.Combine(harness.Home, "Mailbox")).Single()[2]);
    }

    [Fact]
    public async Task EightBitContentIsCopiedByteForByte()
    {
        using var harness = new LocalHarness();

        await harness.DeliverOneAsync("Subject: =?utf-8?q?a?=\n\nañorería €");

        var bytes = await File.ReadAllBytesAsync(harness.MboxPath);
        Assert.Contains("\n\nañorería €\n\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
