using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>The course's SMTP dialogue typed line by line over a raw socket, then the queue file it left.</summary>
public sealed class SmtpDialogueTests
{
    [Fact]
    public async Task Course_dialogue_gets_postfix_replies_and_leaves_a_queue_file_that_queue_show_prints()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();
        using var client = await SmtpLineClient.ConnectAsync(estafeta.Port);

        var greeting = await client.ReadReplyAsync();
        var greetingMatch = Regex.Match(greeting, @"^220 (?<host>\S+) ESMTP Estafeta$");
        Assert.True(greetingMatch.Success, greeting);
        var host = greetingMatch.Groups["host"].Value;

        Assert.Equal($"250 {host}", await client.CommandAsync("HELO client.example"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("mail from: jose@localhost"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("rcpt to: root@localhost"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("data"));
        await client.SendRawAsync("Subject: course dialogue\r\n\r\nHola, this is the course body line.\r\n");
        var queued = await client.CommandAsync(".");
        var queuedMatch = Regex.Match(queued, @"^250 2\.0\.0 Ok: queued as (?<id>[0-9A-Za-z]+)$");
        Assert.True(queuedMatch.Success, queued);
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("quit"));

        var id = queuedMatch.Groups["id"].Value;
        Assert.Equal([id], SmtpTestSupport.IncomingIds(estafeta.QueueDirectory));
        var show = await EstafetaProcess.RunToExitAsync(["queue", "show", id], dir.State);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains(show.StandardOutput, l => l.StartsWith("Received: from client.example", StringComparison.Ordinal));
        Assert.Contains("Subject: course dialogue", show.StandardOutput);
        Assert.Contains("Hola, this is the course body line.", show.StandardOutput);
        Assert.Contains(show.StandardOutput, l => l.Contains("jose@localhost", StringComparison.Ordinal));
        Assert.Contains(show.StandardOutput, l => l.Contains("root@localhost", StringComparison.Ordinal));
    }
}
