namespace Estafeta.Smtpd.Tests;

public sealed class BdatTests
{
    private const string Host = SessionHarness.Host;

    private static async Task<SessionHarness> OpenAsync(SmtpdSettings? settings = null)
    {
        var h = new SessionHarness(settings);
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        await h.CommandAsync("MAIL FROM:<a@example.net>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        return h;
    }

    [Fact]
    public async Task Chunks_then_LAST_queue_one_message()
    {
        await using var h = await OpenAsync();
        var first = "Subject: chunky\r\n\r\nline one\r\nli";
        var second = "ne two\r\n";
        await h.SendAsync($"BDAT {first.Length}\r\n{first}");
        Assert.Equal($"250 2.0.0 Ok: {first.Length} bytes", await h.ReplyAsync());
        await h.SendAsync($"BDAT {second.Length} LAST\r\n{second}");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal(["Subject: chunky", "", "line one", "line two"], Assert.Single(h.Cleanup.Messages).Lines);
    }

    [Fact]
    public async Task Chunks_may_be_pipelined_and_a_zero_length_LAST_ends_the_message()
    {
        await using var h = await OpenAsync();
        await h.SendAsync("BDAT 3\r\nabcBDAT 4\r\nde\r\nBDAT 0 LAST\r\nQUIT\r\n");
        Assert.Equal("250 2.0.0 Ok: 3 bytes", await h.ReplyAsync());
        Assert.Equal("250 2.0.0 Ok: 4 bytes", await h.ReplyAsync());
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("221 2.0.0 Bye", await h.ReplyAsync());
        Assert.Equal(["abcde"], Assert.Single(h.Cleanup.Messages).Lines);
    }

    [Fact]
    public async Task CRLF_dot_CRLF_inside_a_chunk_is_data()
    {
        await using var h = await OpenAsync();
        var content = "a\r\n.\r\nMAIL FROM:<smuggled@x>\r\n..\r\n";
        await h.SendAsync($"BDAT {content.Length} LAST\r\n{content}");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal(["a", ".", "MAIL FROM:<smuggled@x>", ".."], Assert.Single(h.Cleanup.Messages).Lines);
    }

    [Fact]
    public async Task DATA_after_BDAT_is_refused_and_the_transaction_goes_on()
    {
        await using var h = await OpenAsync();
        await h.SendAsync("BDAT 3\r\nabc");
        await h.ReplyAsync();
        Assert.Equal("503 5.5.1 Error: DATA after BDAT", await h.CommandAsync("DATA"));
        Assert.Equal("503 5.5.1 Error: RCPT after BDAT", await h.CommandAsync("RCPT TO:<v@example.org>"));
        Assert.Equal("503 5.5.1 Error: MAIL after BDAT", await h.CommandAsync("MAIL FROM:<b@example.net>"));
        await h.SendAsync("BDAT 2 LAST\r\nde");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal(["abcde"], Assert.Single(h.Cleanup.Messages).Lines);
    }

    [Fact]
    public async Task BDAT_without_recipients_is_discarded_in_step()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        await h.SendAsync("BDAT 5\r\nMAIL BDAT 3 LAST\r\nxyzNOOP\r\n");
        Assert.Equal("503 5.5.1 Error: need RCPT command", await h.ReplyAsync());
        Assert.Equal("551 5.0.0 Discarded 3 bytes after earlier error", await h.ReplyAsync());
        Assert.Equal("250 2.0.0 Ok", await h.ReplyAsync());
        Assert.Empty(h.Cleanup.Messages);
    }

    [Fact]
    public async Task Malformed_BDAT_closes_the_session()
    {
        await using var h = await OpenAsync();
        Assert.Equal("521 5.5.4 Syntax: BDAT count [LAST]", await h.CommandAsync("BDAT many"));
        await h.ExpectClosedAsync();
    }

    [Fact]
    public async Task Over_size_chunks_are_refused_and_the_rest_discarded()
    {
        await using var h = await OpenAsync(new SmtpdSettings { MyHostname = Host, MessageSizeLimit = 10 });
        var big = new string('x', 20) + "\r\n";
        await h.SendAsync($"BDAT {big.Length}\r\n{big}BDAT 4 LAST\r\nab\r\n");
        Assert.Equal("552 5.3.4 Chunk exceeds message size limit", await h.ReplyAsync());
        Assert.Equal("551 5.0.0 Discarded 4 bytes after earlier error", await h.ReplyAsync());
        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("NOOP"));
        Assert.Empty(h.Cleanup.Messages);
    }
}
