using System.Security.Authentication;

namespace Estafeta.Smtpd.Tests;

public sealed class StartTlsTests
{
    private const string Host = TlsServerFixture.Host;

    [Fact]
    public async Task Starttls_is_offered_and_the_handshake_is_logged_as_postfix_does()
    {
        await using var server = new TlsServerFixture();
        var client = await server.ConnectAsync();
        await client.ReplyAsync();

        var ehlo = await client.CommandAsync("EHLO client.example");
        Assert.Contains("250-STARTTLS", ehlo, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTH", ehlo, StringComparison.Ordinal);
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.StartTlsAsync();

        var secured = await client.CommandAsync("EHLO client.example");
        Assert.DoesNotContain("STARTTLS", secured, StringComparison.Ordinal);
        Assert.Contains("250-AUTH PLAIN LOGIN", secured, StringComparison.Ordinal);
        Assert.Equal("554 5.5.1 Error: TLS already active", await client.CommandAsync("STARTTLS"));
        Assert.Contains(server.Logs.Lines, line => System.Text.RegularExpressions.Regex.IsMatch(line,
            @"^smtpd: Anonymous TLS connection established from localhost\[127\.0\.0\.1\]: TLSv1\.[23] with cipher TLS_\w+ \((128|256)/(128|256) bits\)$"));
    }

    [Fact]
    public async Task After_starttls_helo_and_the_transaction_are_forgotten()
    {
        await using var server = new TlsServerFixture();
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.StartTlsAsync();

        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await client.CommandAsync("MAIL FROM:<a@example.org>"));
        await client.CommandAsync("EHLO client.example");
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.org>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<b@example.org>"));
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        await client.SendAsync("Subject: t\r\n\r\nbody\r\n.\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await client.ReplyAsync(), StringComparison.Ordinal);

        var message = Assert.Single(server.Cleanup.Messages);
        Assert.Equal("ESMTPS", message.Client.Protocol);
    }

    [Theory]
    [InlineData("RSET")]
    [InlineData("MAIL FROM:<x@y>")]
    public async Task A_command_sent_behind_starttls_in_the_same_write_is_never_executed(string injected)
    {
        await using var server = new TlsServerFixture(settings => settings with { ForbidUnauthPipelining = false });
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");

        await client.SendAsync($"STARTTLS\r\n{injected}\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.ReplyAsync());
        await client.StartTlsAsync();

        // The first reply inside TLS answers our EHLO: nothing injected ran and nothing was remembered.
        Assert.StartsWith($"250-{Host}", await client.CommandAsync("EHLO client.example"), StringComparison.Ordinal);
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<b@example.org>"));
        Assert.Contains(server.Logs.Lines, line => line.StartsWith(
            $"smtpd: improper command pipelining after STARTTLS from localhost[127.0.0.1]: {injected}\\r\\n", StringComparison.Ordinal));
        Assert.Empty(server.Cleanup.Messages);
    }

    [Fact]
    public async Task Auth_sent_behind_starttls_is_neither_executed_nor_logged()
    {
        await using var server = new TlsServerFixture(settings => settings with { ForbidUnauthPipelining = false });
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");
        var secret = TlsServerFixture.PlainResponse(TlsServerFixture.User, TlsServerFixture.Password);

        await client.SendAsync($"STARTTLS\r\nAUTH PLAIN {secret}\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.ReplyAsync());
        await client.StartTlsAsync();

        Assert.StartsWith($"250-{Host}", await client.CommandAsync("EHLO client.example"), StringComparison.Ordinal);
        Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync("AUTH PLAIN " + secret));
        Assert.Contains("smtpd: improper command pipelining after STARTTLS from localhost[127.0.0.1]: AUTH (AUTH data not logged)", server.Logs.Lines);
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_pipelining_forbidden_a_command_behind_starttls_ends_the_session_before_tls()
    {
        await using var server = new TlsServerFixture();
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");

        await client.SendAsync("STARTTLS\r\nMAIL FROM:<x@y>\r\n");

        Assert.Equal("554 5.5.0 Error: SMTP protocol synchronization", await client.ReplyAsync());
        Assert.Null(await client.TryReplyAsync());
    }

    [Fact]
    public async Task Encrypt_level_refuses_mail_before_starttls()
    {
        await using var server = new TlsServerFixture(settings => settings with { TlsSecurityLevel = TlsSecurityLevel.Encrypt });
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");

        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", await client.CommandAsync("MAIL FROM:<a@example.org>"));
        await client.CommandAsync("STARTTLS");
        await client.StartTlsAsync();
        await client.CommandAsync("EHLO client.example");
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.org>"));
    }

    [Fact]
    public async Task Wrapper_mode_speaks_tls_from_the_first_byte()
    {
        await using var server = new TlsServerFixture(settings => settings with { TlsWrapperMode = true });
        var client = await server.ConnectAsync();

        await client.StartTlsAsync();

        Assert.Equal($"220 {Host} ESMTP Estafeta", await client.ReplyAsync());
        var ehlo = await client.CommandAsync("EHLO client.example");
        Assert.DoesNotContain("STARTTLS", ehlo, StringComparison.Ordinal);
        Assert.Contains("AUTH PLAIN LOGIN", ehlo, StringComparison.Ordinal);
        Assert.Single(server.Logs.Lines, line => line == "smtpd: connect from localhost[127.0.0.1]");
    }

    [Fact]
    public async Task Plaintext_on_a_wrapper_mode_port_fails_the_handshake_and_is_logged()
    {
        await using var server = new TlsServerFixture(settings => settings with { TlsWrapperMode = true });
        var client = await server.ConnectAsync();

        await client.SendAsync("EHLO client.example\r\n");

        Assert.Null(await client.TryReplyAsync());
        Assert.Contains(server.Logs.Lines, line => line.StartsWith("smtpd: SSL_accept error from localhost[127.0.0.1]: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tls_1_1_is_refused()
    {
        await using var server = new TlsServerFixture(settings => settings with { TlsWrapperMode = true });
        var client = await server.ConnectAsync();
        var ssl = new System.Net.Security.SslStream(client.Stream, false, (_, _, _, _) => true);

#pragma warning disable SYSLIB0039 // Asking for an obsolete protocol is the point of this test.
        var options = new System.Net.Security.SslClientAuthenticationOptions { TargetHost = Host, EnabledSslProtocols = SslProtocols.Tls11 };
#pragma warning restore SYSLIB0039
        await Assert.ThrowsAnyAsync<Exception>(async () => await ssl.AuthenticateAsClientAsync(options));
    }
}
