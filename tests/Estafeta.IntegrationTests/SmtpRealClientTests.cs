using Estafeta.TestKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Estafeta.IntegrationTests;

/// <summary>Real SMTP clients (MailKit, swaks, Python smtplib) against the real server: success and a queue file each.</summary>
public sealed class SmtpRealClientTests
{
    [Fact]
    public async Task MailKit_sends_three_messages_in_one_connection()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();
        using var timeout = new CancellationTokenSource(SmtpTestSupport.Timeout);

        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", estafeta.Port, SecureSocketOptions.None, timeout.Token);
            for (var i = 1; i <= 3; i++)
            {
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse("jose@localhost"));
                message.To.Add(MailboxAddress.Parse("root@localhost"));
                message.Subject = $"mailkit message {i}";
                message.MessageId = $"mailkit-{i}@test.example";
                message.Body = new TextPart("plain") { Text = $"body {i}" };
                var response = await smtp.SendAsync(message, timeout.Token);
                Assert.StartsWith("2.0.0 Ok: queued as ", response, StringComparison.Ordinal);
            }

            await smtp.DisconnectAsync(quit: true, timeout.Token);
        }

        var ids = SmtpTestSupport.IncomingIds(estafeta.QueueDirectory);
        Assert.Equal(3, ids.Length);
        var contents = ids.Select(id => SmtpTestSupport.ReadQueueFile(estafeta.QueueDirectory, id)).ToArray();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Single(contents, c => c.Contains($"mailkit-{i}@test.example", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Swaks_sends_one_message()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();

        var (exitCode, output, error) = await SmtpTestSupport.RunToolAsync(
            "swaks",
            ["--server", $"127.0.0.1:{estafeta.Port}", "--to", "root@localhost", "--header", "Subject: swaks-e2e-subject"],
            SmtpTestSupport.Timeout);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("<-  250 2.0.0 Ok: queued as ", output, StringComparison.Ordinal);
        var id = Assert.Single(SmtpTestSupport.IncomingIds(estafeta.QueueDirectory));
        Assert.Contains("swaks-e2e-subject", SmtpTestSupport.ReadQueueFile(estafeta.QueueDirectory, id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_smtplib_sends_one_message()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();
        var script = string.Join('\n',
            "import smtplib, sys",
            "msg = 'From: jose@localhost\\r\\nTo: root@localhost\\r\\nSubject: python-e2e\\r\\nMessage-ID: <python-e2e@test.example>\\r\\n\\r\\nhello\\r\\n'",
            $"with smtplib.SMTP('127.0.0.1', {estafeta.Port}, timeout=15) as s:",
            "    refused = s.sendmail('jose@localhost', ['root@localhost'], msg)",
            "    print('refused', refused)",
            "    print(s.noop())");

        var (exitCode, output, error) = await SmtpTestSupport.RunToolAsync("python3", ["-c", script], SmtpTestSupport.Timeout);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("refused {}", output, StringComparison.Ordinal);
        var id = Assert.Single(SmtpTestSupport.IncomingIds(estafeta.QueueDirectory));
        Assert.Contains("<python-e2e@test.example>", SmtpTestSupport.ReadQueueFile(estafeta.QueueDirectory, id), StringComparison.Ordinal);
    }
}
