namespace Estafeta.IntegrationTests;

/// <summary>A bounce that cannot be delivered (its sender does not exist) goes to the postmaster, never back to &lt;&gt;.</summary>
[Collection(LocalMailCollection.Name)]
public sealed class LocalMoreBounceTests
{
    private static readonly TimeSpan Timeout = LocalMore.Timeout;

    [Fact]
    public async Task Bounce_to_a_sender_that_does_not_exist_goes_to_the_postmaster()
    {
        using var site = await LocalSite.StartAsync();
        using var submitter = site.CreateUser();
        using var admin = site.CreateUser();
        site.WriteAliases($"postmaster: {admin.Name}\n");

        var send = await LocalMore.SendmailAsUserAsync(site, submitter, "Subject: sin remitente\n\nnadie responde\n", "-f", "nobody-here@localhost", "nosuchuser@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<nosuchuser@localhost>", StringComparison.Ordinal) && l.Contains("status=bounced", StringComparison.Ordinal), Timeout);
        await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<nobody-here@localhost>", StringComparison.Ordinal) && l.Contains("status=bounced", StringComparison.Ordinal), Timeout);
        await site.Daemon.WaitForLogLineAsync(l => l.Contains("postmaster non-delivery notification", StringComparison.Ordinal), Timeout);
        await LocalMore.WaitForEmptyQueueAsync(Path.Combine(site.Directory.Root, "queue"), Timeout);

        // The postmaster gets one notice: the bounce to nobody-here@localhost failed with 5.1.1.
        var notice = await LocalMore.SingleMessageAsync(site, admin.Name);
        Assert.Equal("multipart/report", notice.GetProperty("type").GetString());
        var status = Assert.Single(notice.GetProperty("dsn").EnumerateArray());
        Assert.Equal("rfc822;nobody-here@localhost", status.GetProperty("final_recipient").GetString());
        Assert.Equal("5.1.1", status.GetProperty("status").GetString());
        Assert.NotEqual("<>", LocalMore.Header(notice, "Return-Path"));
        Assert.False(File.Exists(site.MailboxOf(submitter.Name)), "the submitting user got a notice meant for the postmaster");
    }
}
