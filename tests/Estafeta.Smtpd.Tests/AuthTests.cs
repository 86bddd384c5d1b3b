using System.Text.RegularExpressions;

namespace Estafeta.Smtpd.Tests;

public sealed class AuthTests
{
    private const string User = TlsServerFixture.User;
    private const string Password = TlsServerFixture.Password;

    // fail2ban's filter.d/postfix.conf (mode auth), with the syslog prefix and "warning: " that the log sink adds.
    private static readonly Regex Fail2banPostfixSasl = new(
        @"warning: [-._\w]+\[(?<host>[0-9.]+)\]: SASL ((?i)LOGIN|PLAIN|(?:CRAM|DIGEST)-MD5) authentication failed(:[ A-Za-z0-9+/:]*={0,2})?\s*$");

    private static async Task<SmtpTestClient> SecuredAsync(TlsServerFixture server)
    {
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.StartTlsAsync();
        await client.CommandAsync("EHLO client.example");
        return client;
    }

    [Fact]
    public async Task Auth_before_tls_needs_encryption()
    {
        await using var server = new TlsServerFixture();
        var client = await server.ConnectAsync();
        await client.ReplyAsync();
        await client.CommandAsync("EHLO client.example");

        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism",
            await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
    }

    [Fact]
    public async Task Plain_with_an_initial_response_logs_in_and_mail_says_esmtpsa()
    {
        await using var server = new TlsServerFixture();
        var client = await SecuredAsync(server);

        Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
        Assert.Equal("503 5.5.1 Error: already authenticated", await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
        await client.CommandAsync("MAIL FROM:<alice@example.org>");
        await client.CommandAsync("RCPT TO:<bob@example.org>");
        await client.CommandAsync("DATA");
        await client.SendAsync("Subject: t\r\n\r\nbody\r\n.\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await client.ReplyAsync(), StringComparison.Ordinal);

        var message = Assert.Single(server.Cleanup.Messages);
        Assert.Equal("ESMTPSA", message.Client.Protocol);
        Assert.Equal(User, message.Client.SaslUser);
        Assert.Contains(server.Logs.Lines, line => line.EndsWith(
            $": client=localhost[127.0.0.1], sasl_method=PLAIN, sasl_username={User}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_and_login_with_challenges_log_in()
    {
        await using var server = new TlsServerFixture();
        var plain = await SecuredAsync(server);
        Assert.Equal("334 ", await plain.CommandAsync("AUTH PLAIN"));
        Assert.Equal("235 2.7.0 Authentication successful", await plain.CommandAsync(TlsServerFixture.PlainResponse(User, Password)));

        var login = await SecuredAsync(server);
        Assert.Equal("334 VXNlcm5hbWU6", await login.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 UGFzc3dvcmQ6", await login.CommandAsync(TlsServerFixture.Base64(User)));
        Assert.Equal("235 2.7.0 Authentication successful", await login.CommandAsync(TlsServerFixture.Base64(Password)));
    }

    [Fact]
    public async Task Failures_are_logged_for_fail2ban_without_secrets_and_the_third_ends_the_session()
    {
        await using var server = new TlsServerFixture();
        var client = await SecuredAsync(server);
        var wrong = TlsServerFixture.PlainResponse(User, "wrong-password");

        Assert.Equal("535 5.7.8 Error: authentication failed: authentication failure", await client.CommandAsync("AUTH PLAIN " + wrong));
        Assert.Equal("535 5.7.8 Error: authentication failed: authentication failure",
            await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse("nobody@example.org", Password)));
        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 UGFzc3dvcmQ6", await client.CommandAsync(TlsServerFixture.Base64(User)));
        Assert.Equal($"421 4.7.0 {TlsServerFixture.Host} Error: too many authentication failures", await client.CommandAsync(TlsServerFixture.Base64("also-wrong")));
        Assert.Null(await client.TryReplyAsync());

        var failures = server.Logs.Lines.Where(line => line.Contains("authentication failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, failures.Count);
        Assert.All(failures, line => Assert.Equal("127.0.0.1", Fail2banPostfixSasl.Match(line).Groups["host"].Value));
        Assert.Contains("smtpd: warning: localhost[127.0.0.1]: SASL PLAIN authentication failed: authentication failure", failures);
        Assert.Contains("smtpd: warning: localhost[127.0.0.1]: SASL LOGIN authentication failed: authentication failure", failures);
        foreach (var secret in new[] { "wrong-password", "also-wrong", Password, wrong, TlsServerFixture.Base64("also-wrong"), TlsServerFixture.PlainResponse("nobody@example.org", Password) })
        {
            Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_star_cancels_and_bad_base64_is_refused()
    {
        await using var server = new TlsServerFixture();
        var client = await SecuredAsync(server);

        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("501 5.7.0 Authentication aborted", await client.CommandAsync("*"));
        Assert.Equal("501 5.5.2 Cannot decode response", await client.CommandAsync("AUTH PLAIN !!!notbase64"));
        Assert.Equal("535 5.7.8 Error: authentication failed: Invalid authentication mechanism", await client.CommandAsync("AUTH CRAM-MD5"));
        Assert.Equal("501 5.5.4 Syntax: AUTH mechanism", await client.CommandAsync("AUTH"));
        Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
    }

    [Fact]
    public async Task Auth_inside_a_transaction_and_when_disabled_is_refused()
    {
        await using var disabled = new TlsServerFixture(settings => settings with { SaslAuthEnable = false });
        var off = await SecuredAsync(disabled);
        Assert.Equal("503 5.5.1 Error: authentication not enabled", await off.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));

        await using var server = new TlsServerFixture();
        var client = await SecuredAsync(server);
        await client.CommandAsync("MAIL FROM:<a@example.org>");
        Assert.Equal("503 5.5.1 Error: MAIL transaction in progress", await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
    }

    [Fact]
    public async Task The_auth_rate_limit_refuses_a_client_outside_mynetworks_but_not_one_inside()
    {
        await using var server = new TlsServerFixture(authRateLimit: 2);
        var client = await SecuredAsync(server);
        var wrong = "AUTH PLAIN " + TlsServerFixture.PlainResponse(User, "wrong");
        await client.CommandAsync(wrong);
        await client.CommandAsync(wrong);

        Assert.Equal("450 4.7.1 Error: too many AUTH commands from 127.0.0.1", await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
        Assert.Contains("smtpd: warning: AUTH command rate limit exceeded: 3 from localhost[127.0.0.1] for service smtp", server.Logs.Lines);

        server.Policy.MyNetworks = true;
        var trusted = await SecuredAsync(server);
        Assert.Equal("235 2.7.0 Authentication successful", await trusted.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
    }

    [Fact]
    public async Task Without_tls_auth_only_auth_is_offered_in_plaintext()
    {
        await using var server = new TlsServerFixture(settings => settings with { TlsAuthOnly = false });
        var client = await server.ConnectAsync();
        await client.ReplyAsync();

        Assert.Contains("250-AUTH PLAIN LOGIN", await client.CommandAsync("EHLO client.example"), StringComparison.Ordinal);
        Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync("AUTH PLAIN " + TlsServerFixture.PlainResponse(User, Password)));
    }

    [Fact]
    public async Task Pipelined_auth_data_never_reaches_the_log()
    {
        await using var server = new TlsServerFixture();
        var client = await SecuredAsync(server);
        var secret = TlsServerFixture.PlainResponse(User, Password);

        await client.SendAsync($"NOOP\r\nAUTH PLAIN {secret}\r\n");

        Assert.Equal("554 5.5.0 Error: SMTP protocol synchronization", await client.ReplyAsync());
        Assert.Contains(server.Logs.Lines, line => line.Contains("improper command pipelining after NOOP", StringComparison.Ordinal)
            && line.EndsWith("AUTH (AUTH data not logged)", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }
}
