namespace Estafeta.Smtpd.Tests;

public sealed class PipeliningTests
{
    private const string Host = SessionHarness.Host;

    [Fact]
    public async Task Esmtp_client_may_pipeline_a_transaction_and_gets_replies_in_order()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO client.example");
        await h.SendAsync("MAIL FROM:<a@example.net>\r\nRCPT TO:<u@example.org>\r\nRCPT TO:<x@remote.example>\r\nRCPT TO:<v@example.org>\r\nDATA\r\n");
        Assert.Equal("250 2.1.0 Ok", await h.ReplyAsync());
        Assert.Equal("250 2.1.5 Ok", await h.ReplyAsync());
        Assert.Equal("554 5.7.1 <x@remote.example>: Relay access denied", await h.ReplyAsync());
        Assert.Equal("250 2.1.5 Ok", await h.ReplyAsync());
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await h.ReplyAsync());

        // Content, the next whole transaction and QUIT in one write (RFC 2920 allows this after the 354).
        await h.SendAsync("Subject: one\r\n\r\nfirst\r\n.\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<u@example.org>\r\nDATA\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Ok", await h.ReplyAsync());
        Assert.Equal("250 2.1.5 Ok", await h.ReplyAsync());
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await h.ReplyAsync());
        await h.SendAsync("Subject: two\r\n\r\nsecond\r\n.\r\nQUIT\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("221 2.0.0 Bye", await h.ReplyAsync());
        await h.ExpectClosedAsync();
        Assert.Equal(2, h.Cleanup.Messages.Count);
        Assert.Equal(["u@example.org", "v@example.org"], h.Cleanup.Messages.First().Envelope.Recipients.Select(r => r.Address));
    }

    [Fact]
    public async Task Input_before_the_greeting_is_refused()
    {
        await using var h = new SessionHarness(earlyInput: "EHLO eager.example\r\n");
        Assert.Equal("554 5.5.0 Error: SMTP protocol synchronization", await h.ReplyAsync());
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: improper command pipelining after CONNECT from localhost[127.0.0.1]: EHLO eager.example\\r\\n", h.Logs.Lines);
    }

    [Fact]
    public async Task Commands_after_EHLO_in_the_same_write_are_refused()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.SendAsync("EHLO c\r\nMAIL FROM:<a@b>\r\n");
        Assert.Equal("554 5.5.0 Error: SMTP protocol synchronization", await h.ReplyAsync());
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: improper command pipelining after EHLO from localhost[127.0.0.1]: MAIL FROM:<a@b>\\r\\n", h.Logs.Lines);
    }

    [Fact]
    public async Task A_HELO_client_may_not_pipeline_at_all()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("HELO c");
        await h.SendAsync("MAIL FROM:<a@b>\r\nRCPT TO:<u@example.org>\r\n");
        Assert.Equal("554 5.5.0 Error: SMTP protocol synchronization", await h.ReplyAsync());
        await h.ExpectClosedAsync();
    }

    [Fact]
    public async Task Content_sent_before_the_354_is_refused()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        await h.SendAsync("MAIL FROM:<a@b>\r\nRCPT TO:<u@example.org>\r\nDATA\r\nSubject: eager\r\n\r\nbody\r\n.\r\n");
        Assert.Equal("250 2.1.0 Ok", await h.ReplyAsync());
        Assert.Equal("250 2.1.5 Ok", await h.ReplyAsync());
        Assert.Equal("554 5.5.0 Error: SMTP protocol synchronization", await h.ReplyAsync());
        await h.ExpectClosedAsync();
        Assert.Empty(h.Cleanup.Messages);
        Assert.Contains("smtpd: improper command pipelining after DATA from localhost[127.0.0.1]: Subject: eager\\r\\n\\r\\nbody\\r\\n.\\r\\n", h.Logs.Lines);
    }

    [Fact]
    public async Task Pipelining_checks_can_be_turned_off()
    {
        await using var h = new SessionHarness(new SmtpdSettings { MyHostname = Host, ForbidUnauthPipelining = false });
        await h.ReplyAsync();
        await h.SendAsync("EHLO c\r\nNOOP\r\n");
        Assert.StartsWith($"250-{Host}", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("250 2.0.0 Ok", await h.ReplyAsync());
    }
}
