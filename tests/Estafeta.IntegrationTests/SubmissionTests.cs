using System.Net;
using Estafeta.TestKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Estafeta.IntegrationTests;

/// <summary>What a graphical mail client does (port 587 + STARTTLS + password, or 465 + TLS) against the real server.</summary>
public sealed class SubmissionTests
{
    private static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.9");

    private static MimeMessage Message(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(SubmissionSetup.User));
        message.To.Add(MailboxAddress.Parse("friend@remote.example"));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@test.example";
        message.Body = new TextPart("plain") { Text = "hello from a mail client" };
        return message;
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task MailKit_with_starttls_and_a_password_sends_to_a_remote_domain(string mechanism)
    {
        using var setup = new SubmissionSetup();
        using var estafeta = await setup.StartAsync();
        using var timeout = new CancellationTokenSource(SmtpTestSupport.Timeout);
        var message = Message("via submission " + mechanism);

        using (var smtp = new SmtpClient())
        {
            smtp.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await smtp.ConnectAsync("127.0.0.1", setup.SubmissionPort, SecureSocketOptions.StartTls, timeout.Token);
            Assert.Contains(mechanism, smtp.AuthenticationMechanisms);
            var credentials = new System.Net.NetworkCredential(SubmissionSetup.User, SubmissionSetup.Password);
            SaslMechanism sasl = mechanism == "PLAIN" ? new SaslMechanismPlain(credentials) : new SaslMechanismLogin(credentials);
            await smtp.AuthenticateAsync(sasl, timeout.Token);
            var response = await smtp.SendAsync(message, timeout.Token);
            Assert.StartsWith("2.0.0 Ok: queued as ", response, StringComparison.Ordinal);
            await smtp.DisconnectAsync(quit: true, timeout.Token);
        }

        var id = Assert.Single(SmtpTestSupport.IncomingIds(setup.QueueDirectory));
        var queued = SmtpTestSupport.ReadQueueFile(setup.QueueDirectory, id);
        Assert.Contains("friend@remote.example", queued, StringComparison.Ordinal);
        Assert.Contains("with ESMTPSA id " + id, queued, StringComparison.Ordinal);
        Assert.Contains(estafeta.LogLines(), line => line.Contains($"{id}: client=localhost[127.0.0.1], sasl_method={mechanism}, sasl_username={SubmissionSetup.User}", StringComparison.Ordinal));
        Assert.Contains(estafeta.LogLines(), line => line.Contains("Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.3 with cipher TLS_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_auth_an_outsider_cannot_relay_through_submission_or_smtp()
    {
        using var setup = new SubmissionSetup();
        using var estafeta = await setup.StartAsync("smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n");

        using var submission = await TlsLineClient.ConnectAsync(setup.SubmissionPort, Outsider);
        await submission.SecureAsync();
        Assert.Equal("250 2.1.0 Ok", await submission.CommandAsync("MAIL FROM:<x@remote.example>"));
        Assert.Equal("554 5.7.1 <friend@remote.example>: Recipient address rejected: Access denied", await submission.CommandAsync("RCPT TO:<friend@remote.example>"));

        using var smtp = await TlsLineClient.ConnectAsync(setup.SmtpPort, Outsider);
        await smtp.SecureAsync();
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<x@remote.example>"));
        Assert.Equal("554 5.7.1 <friend@remote.example>: Relay access denied", await smtp.CommandAsync("RCPT TO:<friend@remote.example>"));
        Assert.Empty(SmtpTestSupport.IncomingIds(setup.QueueDirectory));
    }

    [Fact]
    public async Task Submission_refuses_mail_and_auth_before_starttls()
    {
        using var setup = new SubmissionSetup();
        using var estafeta = await setup.StartAsync();
        using var client = await TlsLineClient.ConnectAsync(setup.SubmissionPort);
        await client.ReadReplyAsync();
        await client.CommandAsync("EHLO client.example");

        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", await client.CommandAsync("MAIL FROM:<x@localhost>"));
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism",
            await client.CommandAsync("AUTH PLAIN " + SubmissionSetup.PlainResponse(SubmissionSetup.User, SubmissionSetup.Password)));
    }

    [Fact]
    public async Task Implicit_tls_port_works_with_mailkit()
    {
        using var setup = new SubmissionSetup();
        using var estafeta = await setup.StartAsync();
        using var timeout = new CancellationTokenSource(SmtpTestSupport.Timeout);

        using var smtp = new SmtpClient();
        smtp.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await smtp.ConnectAsync("127.0.0.1", setup.SubmissionsPort, SecureSocketOptions.SslOnConnect, timeout.Token);
        await smtp.AuthenticateAsync(SubmissionSetup.User, SubmissionSetup.Password, timeout.Token);
        var response = await smtp.SendAsync(Message("via submissions"), timeout.Token);
        await smtp.DisconnectAsync(quit: true, timeout.Token);

        Assert.StartsWith("2.0.0 Ok: queued as ", response, StringComparison.Ordinal);
        Assert.Single(SmtpTestSupport.IncomingIds(setup.QueueDirectory));
    }

    [Fact]
    public async Task Swaks_with_tls_and_auth_sends()
    {
        using var setup = new SubmissionSetup();
        using var estafeta = await setup.StartAsync();

        var (exitCode, output, error) = await SmtpTestSupport.RunToolAsync("swaks",
        [
            "--server", $"127.0.0.1:{setup.SubmissionPort}", "--tls", "--auth", "PLAIN",
            "--auth-user", SubmissionSetup.User, "--auth-password", SubmissionSetup.Password,
            "--from", SubmissionSetup.User, "--to", "friend@remote.example", "--helo", "swaks.example",
        ], SmtpTestSupport.Timeout);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("235 2.7.0 Authentication successful", output, StringComparison.Ordinal);
        Assert.Single(SmtpTestSupport.IncomingIds(setup.QueueDirectory));
    }
}
