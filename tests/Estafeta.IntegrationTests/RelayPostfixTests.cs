using System.Globalization;
using System.Net;
using Estafeta.TestKit;
using Estafeta.TestKit.Dns;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Issue 5 against a real foreign MTA: a private Postfix instance (Debian's package, its own config, queue and
/// spool in the test's folder) is the MX for remote.test and delivers our message to its own local user's mailbox.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed class RelayPostfixTests
{
    [Fact]
    public async Task A_private_postfix_as_the_remote_mx_takes_our_message_and_delivers_it_to_its_users_mailbox()
    {
        using var temp = new TempDirectory();
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_101_101);
        using var user = TestUser.Create(Path.Combine(temp.Path, "home"));
        await using var postfix = await RelayPostfix.StartAsync(Path.Combine(temp.Path, "postfix"));
        await using var dns = new TestDnsServer(new TestDnsZone().Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.1"));
        using var site = await RelaySite.StartAsync($"estafeta_smtp_port = {postfix.Port}\n", dns);
        var to = $"{user.Name}@remote.test";

        Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("jose@client.example", to, RelayMessages.Wire("jose@client.example", to, "To a real Postfix"), IPAddress.Loopback), StringComparison.Ordinal);

        var sent = await site.Daemon.WaitForLogLineAsync(l => l.Contains($"to=<{to}>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal), RelaySite.Timeout);
        Assert.Contains($"relay=mx.remote.test[127.0.0.1]:{postfix.Port}", sent, StringComparison.Ordinal);
        Assert.Matches(@"status=sent \(250 2\.0\.0 Ok: queued as [0-9A-F]+\)", sent);
        await site.WaitForEmptyQueueAsync();

        await RelayWait.UntilAsync(
            () => postfix.LogText().Contains($"to=<{to}>, relay=local", StringComparison.Ordinal) && postfix.LogText().Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal),
            "Postfix's local delivery",
            postfix.LogText);
        var mailbox = postfix.MailboxOf(user.Name);
        Assert.Equal(user.UserId.ToString(CultureInfo.InvariantCulture), TestUser.Run("stat", "-c", "%u", mailbox).Trim());
        var text = File.ReadAllText(mailbox);
        Assert.StartsWith("From jose@client.example ", text, StringComparison.Ordinal);
        Assert.Contains($"Delivered-To: {to}", text, StringComparison.Ordinal);
        Assert.Contains("Subject: To a real Postfix", text, StringComparison.Ordinal);
        // Postfix's own Received: line says it came from us (mail.test, EHLO name myhostname).
        Assert.Contains("Received: from mail.test (localhost [127.0.0.1])", text, StringComparison.Ordinal);
        Assert.Contains("Hola.\nSecond line.\n", text, StringComparison.Ordinal);
    }
}
