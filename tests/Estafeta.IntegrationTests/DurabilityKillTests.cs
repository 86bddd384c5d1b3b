using System.Text;
using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>SIGKILL at the worst moments: a 250 is a promise that survives; a half-sent message leaves nothing behind.</summary>
public sealed class DurabilityKillTests
{
    private const int SIGKILL = 9;

    [Fact]
    public async Task Message_acknowledged_with_250_survives_sigkill_and_restart()
    {
        using var dir = new HostTestDirectory();
        string id;
        using (var estafeta = await dir.StartQueueOnlyAsync())
        {
            using var client = await SmtpLineClient.ConnectAsync(estafeta.Port);
            await client.ReadReplyAsync();
            await client.CommandAsync("HELO client.example");
            await client.CommandAsync("MAIL FROM:<jose@localhost>");
            await client.CommandAsync("RCPT TO:<root@localhost>");
            Assert.StartsWith("354 ", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            await client.SendRawAsync("Subject: survives kill\r\n\r\nfirst body line\r\nlast body line\r\n");
            var queued = await client.CommandAsync(".");
            var match = Regex.Match(queued, @"^250 2\.0\.0 Ok: queued as (?<id>\S+)$");
            Assert.True(match.Success, queued);
            id = match.Groups["id"].Value;

            estafeta.Signal(SIGKILL);
            await estafeta.WaitForExitAsync(SmtpTestSupport.Timeout);
        }

        using var restarted = await dir.StartQueueOnlyAsync();
        Assert.Equal([id], SmtpTestSupport.IncomingIds(restarted.QueueDirectory));
        var show = await EstafetaProcess.RunToExitAsync(["queue", "show", id], dir.State);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("Subject: survives kill", show.StandardOutput);
        Assert.Contains("first body line", show.StandardOutput);
        Assert.Contains("last body line", show.StandardOutput);
        Assert.Contains($"*** MESSAGE FILE END {id} ***", show.StandardOutput);
        var list = await EstafetaProcess.RunToExitAsync(["queue", "list"], dir.State);
        Assert.Contains(list.StandardOutput, l => l.StartsWith(id + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigkill_while_data_streams_leaves_no_queued_message()
    {
        using var dir = new HostTestDirectory();
        using (var estafeta = await dir.StartQueueOnlyAsync())
        {
            using var client = await SmtpLineClient.ConnectAsync(estafeta.Port);
            await client.ReadReplyAsync();
            await client.CommandAsync("HELO client.example");
            await client.CommandAsync("MAIL FROM:<jose@localhost>");
            await client.CommandAsync("RCPT TO:<root@localhost>");
            Assert.StartsWith("354 ", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            var part = new StringBuilder("Subject: half sent\r\n\r\n");
            for (var i = 0; i < 4000; i++)
            {
                part.Append("line ").Append(i).Append(" of a large message that never gets its final dot\r\n");
            }

            await client.SendRawAsync(part.ToString());

            estafeta.Signal(SIGKILL);
            await estafeta.WaitForExitAsync(SmtpTestSupport.Timeout);

            string? reply;
            try
            {
                reply = await client.ReadReplyAsync();
            }
            catch (IOException)
            {
                reply = null;
            }

            Assert.Null(reply);
        }

        using var restarted = await dir.StartQueueOnlyAsync();
        Assert.Empty(SmtpTestSupport.IncomingIds(restarted.QueueDirectory));
        var list = await EstafetaProcess.RunToExitAsync(["queue", "list"], dir.State);
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain(list.StandardOutput, l => l.Contains("root@localhost", StringComparison.Ordinal));
        Assert.DoesNotContain(list.StandardOutput, l => l.Contains("jose@localhost", StringComparison.Ordinal));
    }
}
