using Estafeta.Core;

namespace Estafeta.Smtpd.Tests;

public sealed class DialogueTests
{
    private const string Host = SessionHarness.Host;

    [Fact]
    public async Task The_issue_dialogue_comes_out_line_for_line()
    {
        await using var h = new SessionHarness();
        Assert.Equal($"220 {Host} ESMTP Estafeta", await h.ReplyAsync());
        Assert.Equal($"250 {Host}", await h.CommandAsync("HELO client.example"));
        Assert.Equal("250 2.1.0 Ok", await h.CommandAsync("mail from: jose@example.org"));
        Assert.Equal("250 2.1.5 Ok", await h.CommandAsync("rcpt to: usuario@example.org"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await h.CommandAsync("data"));
        await h.SendAsync("From: jose@example.org\r\nSubject: hola\r\n\r\nCuerpo del mensaje.\r\n.\r\n");
        var queued = await h.ReplyAsync();
        Assert.Matches("^250 2.0.0 Ok: queued as [0-9A-F]{10}$", queued);
        Assert.Equal("221 2.0.0 Bye", await h.CommandAsync("quit"));
        await h.ExpectClosedAsync();

        var message = Assert.Single(h.Cleanup.Messages);
        Assert.EndsWith(message.QueueId, queued, StringComparison.Ordinal);
        Assert.Equal(["From: jose@example.org", "Subject: hola", "", "Cuerpo del mensaje."], message.Lines);
        Assert.Equal("jose@example.org", message.Envelope.Sender);
        Assert.Equal("usuario@example.org", Assert.Single(message.Envelope.Recipients).Address);
        Assert.Equal("SMTP", message.Client.Protocol);
        Assert.Equal("client.example", message.Client.Helo);

        Assert.Contains("smtpd: connect from localhost[127.0.0.1]", h.Logs.Lines);
        Assert.Contains($"smtpd: {message.QueueId}: client=localhost[127.0.0.1]", h.Logs.Lines);
        Assert.Contains("smtpd: disconnect from localhost[127.0.0.1] helo=1 mail=1 rcpt=1 data=1 quit=1 commands=5", h.Logs.Lines);
    }

    [Fact]
    public async Task Ehlo_advertises_in_Postfix_order_and_sets_ESMTP()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        Assert.Equal(
            $"250-{Host}\n250-PIPELINING\n250-SIZE 10240000\n250-VRFY\n250-ENHANCEDSTATUSCODES\n250-8BITMIME\n250-DSN\n250-SMTPUTF8\n250 CHUNKING",
            await h.CommandAsync("EHLO client.example"));
        await h.CommandAsync("MAIL FROM:<a@example.org>");
        await h.CommandAsync("RCPT TO:<b@example.org>");
        await h.CommandAsync("DATA");
        await h.SendAsync("x\r\n.\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("ESMTP", Assert.Single(h.Cleanup.Messages).Client.Protocol);
    }

    [Fact]
    public async Task Vrfy_can_be_disabled()
    {
        await using var h = new SessionHarness(new SmtpdSettings { MyHostname = Host, DisableVrfyCommand = true });
        await h.ReplyAsync();
        Assert.DoesNotContain("VRFY", await h.CommandAsync("EHLO c"), StringComparison.Ordinal);
        Assert.Equal("502 5.5.1 VRFY command is disabled", await h.CommandAsync("VRFY root"));
    }

    [Fact]
    public async Task Simple_commands_answer_as_Postfix()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("NOOP"));
        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("RSET"));
        Assert.Equal("252 2.0.0 usuario@example.org", await h.CommandAsync("VRFY <usuario@example.org>"));
        Assert.Equal("252 2.0.0 root", await h.CommandAsync("VRFY root"));
        Assert.Equal("554 5.7.1 <x@remote.example>: Relay access denied", await h.CommandAsync("VRFY x@remote.example"));
        Assert.Equal("500 5.5.2 Error: command not recognized", await h.CommandAsync("HELP"));
        Assert.Equal("500 5.5.2 Error: command not recognized", await h.CommandAsync("FOO bar"));
        Assert.Equal("221 2.0.0 Bye", await h.CommandAsync("QUIT"));
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: disconnect from localhost[127.0.0.1] rset=1 noop=1 vrfy=2/3 quit=1 unknown=0/2 commands=5/8", h.Logs.Lines);
    }

    [Theory]
    [InlineData("HELO", "501 Syntax: HELO hostname")]
    [InlineData("EHLO", "501 Syntax: EHLO hostname")]
    [InlineData("MAIL", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData("MAIL TO:<a@b>", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData("MAIL FROM:<a@b", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData("MAIL FROM:<a b@c>", "501 5.1.7 Bad sender address syntax")]
    [InlineData("MAIL FROM:<a@b> FOO=bar", "555 5.5.4 Unsupported option: FOO=bar")]
    [InlineData("MAIL FROM:<a@b> SIZE=abc", "501 5.5.4 Bad message size syntax")]
    [InlineData("MAIL FROM:<a@b> SIZE=10240001", "552 5.3.4 Message size exceeds fixed limit")]
    [InlineData("MAIL FROM:<a@b> BODY=BINARYMIME", "501 5.5.4 Bad BODY keyword value")]
    [InlineData("MAIL FROM:<a@b> RET=ALL", "501 5.5.4 Bad RET parameter syntax")]
    [InlineData("MAIL FROM:<a@b> ENVID=a+0Db", "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("MAIL FROM:<blocked@example.net>", "553 5.7.1 <blocked@example.net>: Sender address rejected: Access denied")]
    [InlineData("RCPT TO:<a@example.org>", "503 5.5.1 Error: need MAIL command")]
    [InlineData("DATA", "503 5.5.1 Error: need RCPT command")]
    [InlineData("DATA extra", "501 5.5.4 Syntax: DATA")]
    [InlineData("RSET now", "501 5.5.4 Syntax: RSET")]
    [InlineData("STARTTLS", "502 5.5.1 Error: command not implemented")]
    public async Task Errors_have_Postfix_texts(string command, string expected)
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        Assert.Equal(expected, await h.CommandAsync(command));
        Assert.Equal("250 2.0.0 Ok", await h.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task SIZE_over_the_limit_is_refused_and_logged_as_postfix_does()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO client.example");
        Assert.Equal("552 5.3.4 Message size exceeds fixed limit", await h.CommandAsync("MAIL FROM:<a@b> SIZE=10240001"));
        Assert.Contains(
            "smtpd: NOQUEUE: reject: MAIL from localhost[127.0.0.1]: 552 5.3.4 Message size exceeds fixed limit; from=<a@b> proto=ESMTP helo=<client.example>",
            h.Logs.Lines);
    }

    [Fact]
    public async Task SIZE_at_the_limit_is_accepted()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        Assert.Equal("250 2.1.0 Ok", await h.CommandAsync("MAIL FROM:<a@b> SIZE=10240000"));
    }

    [Theory]
    [InlineData("RCPT TO:<a@b", "501 5.5.4 Syntax: RCPT TO:<address>")]
    [InlineData("RCPT FROM:<a@b>", "501 5.5.4 Syntax: RCPT TO:<address>")]
    [InlineData("RCPT TO:<>", "501 5.1.3 Bad recipient address syntax")]
    [InlineData("RCPT TO:<a@example.org> NOTIFY=NEVER,SUCCESS", "501 5.5.4 Error: Bad NOTIFY parameter syntax")]
    [InlineData("RCPT TO:<a@example.org> ORCPT=nosemicolon", "501 5.5.4 Error: Bad ORCPT parameter syntax")]
    [InlineData("RCPT TO:<a@example.org> XYZ", "555 5.5.4 Unsupported option: XYZ")]
    [InlineData("RCPT TO:<jos\u00e9@example.org>", "553 5.6.7 Must declare SMTPUTF8 to send unicode address")]
    [InlineData("MAIL FROM:<c@d>", "503 5.5.1 Error: nested MAIL command")]
    [InlineData("DATA", "554 5.5.1 Error: no valid recipients")]
    public async Task Transaction_errors_have_Postfix_texts(string command, string expected)
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.SendBytesAsync(System.Text.Encoding.UTF8.GetBytes(command + "\r\n"));
        Assert.Equal(expected, await h.ReplyAsync());
    }

    [Fact]
    public async Task Relay_denied_is_logged_as_Postfix_does_and_counted()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO client.example");
        await h.CommandAsync("MAIL FROM:<jose@example.net>");
        Assert.Equal("554 5.7.1 <x@remote.example>: Relay access denied", await h.CommandAsync("RCPT TO:<x@remote.example>"));
        Assert.Equal("250 2.1.5 Ok", await h.CommandAsync("RCPT TO:<u@example.org>"));
        Assert.Equal("221 2.0.0 Bye", await h.CommandAsync("QUIT"));
        await h.ExpectClosedAsync();
        Assert.Contains(
            "smtpd: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 554 5.7.1 <x@remote.example>: Relay access denied; from=<jose@example.net> to=<x@remote.example> proto=ESMTP helo=<client.example>",
            h.Logs.Lines);
        Assert.Contains("smtpd: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1/2 quit=1 commands=4/5", h.Logs.Lines);
    }

    [Fact]
    public async Task Esmtp_parameters_land_in_the_envelope()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        Assert.Equal("250 2.1.0 Ok", await h.CommandAsync("MAIL FROM:<jos\u00e9@example.net> SIZE=100 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=abc+2Bd"));
        Assert.Equal("250 2.1.5 Ok", await h.CommandAsync("RCPT TO:<u@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;u+40example.org"));
        Assert.Equal("250 2.1.5 Ok", await h.CommandAsync("RCPT TO:<v@example.org> NOTIFY=NEVER"));
        await h.CommandAsync("DATA");
        await h.SendAsync("x\r\n.\r\n");
        await h.ReplyAsync();
        var envelope = Assert.Single(h.Cleanup.Messages).Envelope;
        Assert.Equal("jos\u00e9@example.net", envelope.Sender);
        Assert.Equal(100, envelope.DeclaredSize);
        Assert.Equal(BodyType.EightBitMime, envelope.Body);
        Assert.True(envelope.SmtpUtf8);
        Assert.Equal(DsnReturn.Headers, envelope.Return);
        Assert.Equal("abc+d", envelope.EnvelopeId);
        Assert.Equal(new EnvelopeRecipient("u@example.org", DsnNotify.Success | DsnNotify.Failure, "rfc822;u@example.org"), envelope.Recipients[0]);
        Assert.Equal(new EnvelopeRecipient("v@example.org", DsnNotify.Never), envelope.Recipients[1]);
    }

    [Fact]
    public async Task Queue_space_and_write_errors_are_reported()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        h.Cleanup.QueueSpaceReply = new SmtpReply(452, "4.3.1", "Insufficient system storage");
        Assert.Equal("452 4.3.1 Insufficient system storage", await h.CommandAsync("MAIL FROM:<a@b> SIZE=1000"));
        h.Cleanup.QueueSpaceReply = null;
        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        h.Cleanup.FailBegin = true;
        Assert.Equal("451 4.3.0 Error: queue file write error", await h.CommandAsync("DATA"));
        h.Cleanup.FailBegin = false;

        // The transaction was reset; a new one works and Cleanup's own refusal is passed through.
        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        h.Cleanup.CommitReply = new SmtpReply(554, "5.4.0", "Error: too many hops");
        await h.CommandAsync("DATA");
        await h.SendAsync("x\r\n.\r\n");
        Assert.Equal("554 5.4.0 Error: too many hops", await h.ReplyAsync());
        Assert.Empty(h.Cleanup.Messages);
    }

    [Fact]
    public async Task Lost_connection_in_DATA_is_logged_and_nothing_is_queued()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        await h.CommandAsync("DATA");
        await h.SendAsync("Subject: half\r\n");
        await h.CloseInputAsync();
        await h.ExpectClosedAsync();
        Assert.Empty(h.Cleanup.Messages);
        Assert.Contains("smtpd: lost connection after DATA (15 bytes) from localhost[127.0.0.1]", h.Logs.Lines);
        Assert.Contains("smtpd: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4", h.Logs.Lines);
    }

    [Fact]
    public async Task Non_smtp_commands_end_the_session()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        Assert.Equal("221 2.7.0 Error: I can break rules, too. Goodbye.", await h.CommandAsync("GET / HTTP/1.0"));
        await h.ExpectClosedAsync();
        Assert.Contains("smtpd: warning: non-SMTP command from localhost[127.0.0.1]: GET / HTTP/1.0", h.Logs.Lines);
    }

    [Fact]
    public async Task Stopping_says_421_and_closes()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        h.Stop();
        Assert.Equal($"421 4.3.2 {Host} Service shutting down", await h.ReplyAsync());
        await h.ExpectClosedAsync();
    }
}
