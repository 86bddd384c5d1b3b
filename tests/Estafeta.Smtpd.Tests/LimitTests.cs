using System.Text;

namespace Estafeta.Smtpd.Tests;

public sealed class LimitTests
{
    private const string Host = SessionHarness.Host;

    private static async Task<SessionHarness> StartInTransactionAsync(SmtpdSettings settings)
    {
        var h = new SessionHarness(settings);
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        return h;
    }

    [Fact]
    public async Task Message_of_exactly_the_size_limit_passes_and_one_byte_more_fails_in_step()
    {
        // Size counts each line plus 2 for its CRLF: "x"*8 + CRLF = 10 bytes per line.
        var settings = new SmtpdSettings { MyHostname = Host, MessageSizeLimit = 30 };
        await using var h = await StartInTransactionAsync(settings);
        var exact = "xxxxxxxx\r\nxxxxxxxx\r\nxxxxxxxx\r\n";
        var over = "xxxxxxxx\r\nxxxxxxxx\r\nxxxxxxxxx\r\n";

        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        await h.CommandAsync("DATA");
        await h.SendAsync(exact + ".\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);

        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        await h.CommandAsync("DATA");
        await h.SendAsync(over + "more\r\nMAIL FROM:<in@data>\r\n.\r\n");
        Assert.Equal("552 5.3.4 Message size exceeds fixed limit", await h.ReplyAsync());

        // Still in step: the next command is answered as a command.
        Assert.Equal("250 2.1.0 Ok", await h.CommandAsync("MAIL FROM:<a@b>"));
        Assert.Single(h.Cleanup.Messages);
    }

    [Fact]
    public async Task Recipient_limit_1000_accepts_1000_and_refuses_the_1001st()
    {
        await using var h = await StartInTransactionAsync(new SmtpdSettings { MyHostname = Host });
        await h.CommandAsync("MAIL FROM:<a@b>");
        var batch = new StringBuilder();
        for (var i = 1; i <= 1001; i++)
        {
            batch.Append("RCPT TO:<u").Append(i).Append("@example.org>\r\n");
        }

        await h.SendAsync(batch.ToString());
        for (var i = 1; i <= 1000; i++)
        {
            Assert.Equal("250 2.1.5 Ok", await h.ReplyAsync());
        }

        Assert.Equal("452 4.5.3 Error: too many recipients", await h.ReplyAsync());
        await h.CommandAsync("DATA");
        await h.SendAsync("x\r\n.\r\n");
        await h.ReplyAsync();
        Assert.Equal(1000, Assert.Single(h.Cleanup.Messages).Envelope.Recipients.Count);
    }

    [Fact]
    public async Task Idle_timeout_gives_421_and_closes()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        h.Time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("NOOP"));
        h.Time.Advance(TimeSpan.FromSeconds(299));
        await h.SendAsync("RCPT TO:<x@example.org>\r\n");
        Assert.Equal("503 5.5.1 Error: need MAIL command", await h.ReplyAsync());
        h.Time.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal($"421 4.4.2 {Host} Error: timeout exceeded", await h.ReplyAsync());
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: timeout after RCPT from localhost[127.0.0.1]", h.Logs.Lines);
    }

    [Fact]
    public async Task Timeout_inside_DATA_is_logged_with_the_byte_count()
    {
        await using var h = await StartInTransactionAsync(new SmtpdSettings { MyHostname = Host });
        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        await h.CommandAsync("DATA");
        h.Time.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal($"421 4.4.2 {Host} Error: timeout exceeded", await h.ReplyAsync());
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: timeout after DATA (0 bytes) from localhost[127.0.0.1]", h.Logs.Lines);
        Assert.Empty(h.Cleanup.Messages);
    }

    [Fact]
    public async Task Soft_limit_delays_replies_and_hard_limit_disconnects()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal("500 5.5.2 Error: command not recognized", await h.CommandAsync("BOGUS"));
        }

        // The 11th error reply waits smtpd_error_sleep_time (1 s of the injected clock).
        await h.SendAsync("BOGUS\r\n");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.ReadLineAsync(TimeSpan.FromMilliseconds(200)));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("500 5.5.2 Error: command not recognized", await h.ReplyAsync());

        for (var i = 12; i <= 20; i++)
        {
            await h.SendAsync("BOGUS\r\n");
            Assert.Equal("500 5.5.2 Error: command not recognized", await h.ReplyAdvancingAsync());
        }

        Assert.Equal($"421 4.7.0 {Host} Error: too many errors", await h.ReplyAdvancingAsync());
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: too many errors after UNKNOWN from localhost[127.0.0.1]", h.Logs.Lines);
    }

    [Fact]
    public async Task Nineteen_errors_do_not_disconnect()
    {
        await using var h = new SessionHarness(new SmtpdSettings { MyHostname = Host, SoftErrorLimit = 100 });
        await h.ReplyAsync();
        for (var i = 1; i <= 19; i++)
        {
            await h.CommandAsync("BOGUS");
        }

        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("NOOP"));
        Assert.Equal("500 5.5.2 Error: command not recognized", await h.CommandAsync("BOGUS"));
        Assert.Equal($"421 4.7.0 {Host} Error: too many errors", await h.ReplyAsync());
    }

    [Fact]
    public async Task Junk_commands_beyond_the_limit_count_as_errors()
    {
        await using var h = new SessionHarness(new SmtpdSettings { MyHostname = Host, HardErrorLimit = 1, SoftErrorLimit = 100 });
        await h.ReplyAsync();
        for (var i = 1; i <= 100; i++)
        {
            Assert.Equal("250 2.0.0 Ok", await h.CommandAsync(i % 2 == 0 ? "NOOP" : "RSET"));
        }

        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("NOOP"));
        Assert.Equal($"421 4.7.0 {Host} Error: too many errors", await h.ReplyAsync());
        await h.ExpectClosedAsync();
    }

    [Fact]
    public async Task Command_line_limit_is_exact_and_the_session_resynchronises()
    {
        await using var h = new SessionHarness(new SmtpdSettings { MyHostname = Host, CommandLineLimit = 4096 });
        await h.ReplyAsync();
        var atLimit = "NOOP " + new string('a', 4096 - 5);
        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync(atLimit));
        Assert.Equal("500 5.5.2 Error: line too long", await h.CommandAsync(atLimit + "b"));

        // A huge line arriving in pieces is dropped as it comes, then answered once.
        for (var i = 0; i < 10; i++)
        {
            await h.SendAsync(new string('z', 4000));
        }

        await h.SendAsync("\r\nNOOP\r\n");
        Assert.Equal("500 5.5.2 Error: line too long", await h.ReplyAsync());
        Assert.Equal("250 2.0.0 Ok", await h.ReplyAsync());
    }

    [Fact]
    public async Task Bad_bytes_in_commands_are_refused()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.SendBytesAsync([(byte)'N', (byte)'O', 0, (byte)'P', (byte)'\r', (byte)'\n']);
        Assert.Equal("500 5.5.2 Error: bad syntax", await h.ReplyAsync());
        await h.SendBytesAsync([(byte)'H', (byte)'E', (byte)'L', (byte)'O', (byte)' ', 0xC3, 0x28, (byte)'\r', (byte)'\n']);
        Assert.Equal("500 5.5.2 Error: bad UTF-8 syntax", await h.ReplyAsync());
    }
}
