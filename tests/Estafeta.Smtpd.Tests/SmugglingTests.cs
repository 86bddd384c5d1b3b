namespace Estafeta.Smtpd.Tests;

/// <summary>reliability.md §2b: no end-of-data variant but CRLF.CRLF may end a message.</summary>
public sealed class SmugglingTests
{
    private const string Host = SessionHarness.Host;
    private const string Smuggled = "MAIL FROM:<smuggled@example.net>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n";

    public static TheoryData<string> Terminators => new()
    {
        "\n.\n", "\n.\r", "\r.\n", "\r.\r", "\n.\r\n", "\r.\r\n", "\r\n.\n", "\r\n.\r", "\r\n\0.\r\n", "\r\n.\r\r\n", "\r\r\n.\r\r\n",
    };

    private static async Task<SessionHarness> OpenDataAsync(SmtpdSettings settings, bool myNetworks = false)
    {
        var h = new SessionHarness(settings, configurePolicy: p => p.MyNetworks = myNetworks);
        await h.ReplyAsync();
        await h.CommandAsync("EHLO relay.example");
        await h.CommandAsync("MAIL FROM:<outer@example.net>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await h.CommandAsync("DATA"));
        return h;
    }

    [Theory]
    [MemberData(nameof(Terminators))]
    public async Task Variant_does_not_end_data_and_no_second_message_appears(string terminator)
    {
        await using var h = await OpenDataAsync(new SmtpdSettings { MyHostname = Host });
        await h.SendAsync("Subject: outer\r\n\r\nbody" + terminator + Smuggled + ".\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("221 2.0.0 Bye", await h.CommandAsync("QUIT"));
        await h.ExpectClosedAsync();

        var message = Assert.Single(h.Cleanup.Messages);
        Assert.Equal("outer@example.net", message.Envelope.Sender);
        Assert.Contains(message.Lines, l => l.Contains("MAIL FROM:<smuggled@example.net>", StringComparison.Ordinal));
        Assert.Equal(1, h.Cleanup.Begun);
    }

    [Theory]
    [MemberData(nameof(Terminators))]
    public async Task Variant_in_a_later_write_does_not_end_data_either(string terminator)
    {
        await using var h = await OpenDataAsync(new SmtpdSettings { MyHostname = Host });
        await h.SendAsync("Subject: outer\r\n\r\nbody");
        await h.SendAsync(terminator);
        await h.SendAsync(Smuggled);
        await h.SendAsync(".\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Single(h.Cleanup.Messages);
    }

    [Theory]
    [MemberData(nameof(Terminators))]
    public async Task With_forbid_bare_newline_yes_a_bare_LF_gets_521_and_nothing_is_queued(string terminator)
    {
        await using var h = await OpenDataAsync(new SmtpdSettings { MyHostname = Host, ForbidBareNewline = BareNewlinePolicy.Reject });
        await h.SendAsync("Subject: outer\r\n\r\nbody" + terminator + Smuggled + ".\r\n");
        var reply = await h.ReplyAsync();
        if (terminator.Replace("\r\n", string.Empty, StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal))
        {
            Assert.Equal($"521 5.5.2 {Host} Error: bare <LF> received", reply);
            await h.ExpectClosedAsync();
            Assert.Empty(h.Cleanup.Messages);
        }
        else
        {
            // Only bare CRs: they are data, not line ends; still one message.
            Assert.StartsWith("250 2.0.0 Ok: queued as", reply, StringComparison.Ordinal);
            Assert.Single(h.Cleanup.Messages);
        }
    }

    [Fact]
    public async Task Mynetworks_clients_are_excluded_from_the_bare_LF_reject()
    {
        await using var h = await OpenDataAsync(new SmtpdSettings { MyHostname = Host, ForbidBareNewline = BareNewlinePolicy.Reject }, myNetworks: true);
        await h.SendAsync("Subject: unix\nline\n.\n\r\n.\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal(["Subject: unix", "line", "", ""], Assert.Single(h.Cleanup.Messages).Lines);
    }

    [Fact]
    public async Task Bare_LF_in_a_command_is_accepted_by_default_and_refused_with_yes()
    {
        await using (var h = new SessionHarness())
        {
            await h.ReplyAsync();
            await h.SendAsync("NOOP\n");
            Assert.Equal("250 2.0.0 Ok", await h.ReplyAsync());
        }

        await using (var h = new SessionHarness(new SmtpdSettings { MyHostname = Host, ForbidBareNewline = BareNewlinePolicy.Reject }))
        {
            await h.ReplyAsync();
            await h.SendAsync("NOOP\n");
            Assert.Equal($"521 5.5.2 {Host} Error: bare <LF> received", await h.ReplyAsync());
            await h.ExpectClosedAsync();
        }
    }
}
