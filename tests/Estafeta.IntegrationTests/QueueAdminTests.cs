using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>`estafeta queue hold|release|requeue|delete|flush` on a real queue, as postsuper and postqueue -f do.</summary>
public sealed partial class QueueAdminTests
{
    [Fact]
    public async Task Hold_release_and_delete_move_the_message_and_are_logged()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();
        var id = await SendAsync(estafeta.Port);
        var queue = estafeta.QueueDirectory;

        var hold = await EstafetaProcess.RunToExitAsync(["queue", "hold", id], dir.State);
        Assert.Equal(0, hold.ExitCode);
        Assert.True(File.Exists(Path.Combine(queue, "hold", id)));
        var list = await EstafetaProcess.RunToExitAsync(["queue", "list"], dir.State);
        Assert.Contains(list.StandardOutput, l => l.StartsWith(id + "!", StringComparison.Ordinal));

        var again = await EstafetaProcess.RunToExitAsync(["queue", "hold", id], dir.State);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"estafeta queue hold: {id}: already on hold", again.StandardError);

        Assert.Equal(0, (await EstafetaProcess.RunToExitAsync(["queue", "release", id], dir.State)).ExitCode);
        Assert.True(File.Exists(Path.Combine(queue, "incoming", id)));

        Assert.Equal(0, (await EstafetaProcess.RunToExitAsync(["queue", "delete", "ALL"], dir.State)).ExitCode);
        Assert.Empty(SmtpTestSupport.IncomingIds(queue));
        Assert.Equal(["Mail queue is empty"], (await EstafetaProcess.RunToExitAsync(["queue", "list"], dir.State)).StandardOutput);

        var log = estafeta.LogLines();
        Assert.Contains(log, l => l.Contains("/postsuper[", StringComparison.Ordinal) && l.EndsWith($"{id}: placed on hold", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("/postsuper[", StringComparison.Ordinal) && l.EndsWith($"{id}: released from hold", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("/postsuper[", StringComparison.Ordinal) && l.EndsWith($"{id}: removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_id_and_flush_without_a_running_queue_manager_are_clear_errors()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();

        var delete = await EstafetaProcess.RunToExitAsync(["queue", "delete", "0123456789AB"], dir.State);
        Assert.Equal(1, delete.ExitCode);
        Assert.Contains("estafeta queue delete: 0123456789AB: no such message", delete.StandardError);

        var flush = await EstafetaProcess.RunToExitAsync(["queue", "flush"], dir.State);
        Assert.Equal(1, flush.ExitCode);
        Assert.Equal(["estafeta: fatal: Cannot flush mail queue - mail system is down"], flush.StandardError);
    }

    private static async Task<string> SendAsync(int port)
    {
        using var client = await SmtpLineClient.ConnectAsync(port);
        await client.ReadReplyAsync();
        await client.CommandAsync("HELO admin.example");
        await client.CommandAsync("MAIL FROM:<jose@localhost>");
        await client.CommandAsync("RCPT TO:<root@localhost>");
        await client.CommandAsync("DATA");
        await client.SendRawAsync("Subject: admin\r\n\r\nbody\r\n");
        var match = QueuedPattern().Match(await client.CommandAsync("."));
        Assert.True(match.Success);
        return match.Groups["id"].Value;
    }

    [GeneratedRegex(@"^250 2\.0\.0 Ok: queued as (?<id>\S+)$")]
    private static partial Regex QueuedPattern();
}
