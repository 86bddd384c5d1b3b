using System.Text.RegularExpressions;

namespace Estafeta.IntegrationTests;

/// <summary>
/// A user's ~/.forward through the running daemon: keeping a copy with "\user" while sending one to another local
/// user, and forwarding to a remote address, which becomes a new queued message.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed partial class LocalMoreForwardTests
{
    private static readonly TimeSpan Timeout = LocalMore.Timeout;

    [Fact]
    public async Task Forward_with_backslash_self_keeps_a_copy_and_sends_one_to_the_other_user()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        using var other = site.CreateUser();
        site.WriteAliases("postmaster: root\n");
        WriteForward(user, $"\\{user.Name}, {other.Name}@localhost\n");

        var send = await LocalMore.SendmailAsUserAsync(site, other, "Subject: reenviado\n\ncopia para dos\n", $"{user.Name}@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        await LocalMore.WaitForEmptyQueueAsync(Path.Combine(site.Directory.Root, "queue"), Timeout);
        var kept = await LocalMore.SingleMessageAsync(site, user.Name);
        var forwarded = await LocalMore.SingleMessageAsync(site, other.Name);
        foreach (var message in new[] { kept, forwarded })
        {
            Assert.Equal("reenviado", LocalMore.Header(message, "Subject"));
            Assert.Equal("copia para dos\n", message.GetProperty("body").GetString());
            Assert.Equal($"<{other.Name}@mail.test>", LocalMore.Header(message, "Return-Path"));
        }
    }

    [Fact]
    public async Task Forward_to_a_remote_address_queues_a_new_message_for_it()
    {
        // Remote mail goes to a closed loopback port: the forwarded copy is queued and deferred, no DNS, no network.
        var closedPort = HostTestDirectory.FreePort();
        using var site = await LocalSite.StartAsync($"relayhost = [127.0.0.1]:{closedPort}\n");
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");
        WriteForward(user, "lejos@example.com\n");

        var send = await LocalMore.SendmailAsUserAsync(site, user, "Subject: afuera\n\nal exterior\n", $"{user.Name}@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        // The first outcome for the user's address says what happened to it.
        var line = await site.Daemon.WaitForLogLineAsync(
            l => l.Contains($"<{user.Name}@localhost>, relay=local", StringComparison.Ordinal) && l.Contains(" status=", StringComparison.Ordinal),
            Timeout);
        Assert.Contains($"to=<lejos@example.com>, orig_to=<{user.Name}@localhost>, relay=local", line, StringComparison.Ordinal);
        Assert.Contains("status=sent (forwarded as ", line, StringComparison.Ordinal);
        var newId = ForwardedAs().Match(line).Groups["id"].Value;
        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains($"{newId}: to=<lejos@example.com>, relay=", StringComparison.Ordinal) && l.Contains("status=deferred", StringComparison.Ordinal),
            Timeout);

        // The new message waits in the queue, addressed to the remote address only.
        var mailq = await LocalMore.AsRootAsync(site, LocalMore.LinkAs(site, "mailq"), "");
        Assert.True(mailq.ExitCode == 0, mailq.Error);
        Assert.Contains(newId, mailq.Output, StringComparison.Ordinal);
        Assert.Contains("lejos@example.com", mailq.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(site.MailboxOf(user.Name)), "the user kept a copy without asking for one");
    }

    private static void WriteForward(TestUser user, string text)
    {
        var path = Path.Combine(user.Home, ".forward");
        File.WriteAllText(path, text);
        TestUser.Run("chown", $"{user.Name}:users", path);
    }

    [GeneratedRegex(@"forwarded as (?<id>[0-9A-Za-z]+)\)")]
    private static partial Regex ForwardedAs();
}
