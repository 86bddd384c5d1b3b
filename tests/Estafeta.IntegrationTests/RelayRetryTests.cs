using System.Net;
using Estafeta.TestKit;
using Estafeta.TestKit.Dns;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Issue 5 retries against real smtp-sink peers: a 4xx keeps the message queued and retried (backoff 1-2 s) until a
/// healthy server answers on the same port; a connection dropped after the final dot is a deferral, not a delivery.
/// </summary>
public sealed class RelayRetryTests
{
    private static TestDnsZone RemoteZone() => new TestDnsZone().Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.1");

    [Fact]
    public async Task A_4xx_to_rcpt_is_retried_until_a_healthy_server_takes_the_message_and_the_queue_empties()
    {
        using var dumps = new TempDirectory();
        var failing = RelayPeer.StartSink(Path.Combine(dumps.Path, "failing"), options: ["-r", "RCPT"]);
        var port = failing.Port;
        try
        {
            await using var dns = new TestDnsServer(RemoteZone());
            using var site = await RelaySite.StartAsync($"estafeta_smtp_port = {port}\n", dns);
            Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("jose@client.example", "user@remote.test", RelayMessages.Wire("jose@client.example", "user@remote.test", "Retry")), StringComparison.Ordinal);

            await RelayWait.UntilAsync(() => Deferrals(site) >= 3, "three deferred attempts", site.LogText);
            var deferred = site.Daemon.LogLines().First(IsDeferral);
            Assert.Contains($"relay=mx.remote.test[127.0.0.1]:{port}", deferred, StringComparison.Ordinal);
            Assert.Matches(@"status=deferred \(host mx\.remote\.test\[127\.0\.0\.1\] said: 4\d\d ", deferred);
            Assert.NotEmpty(site.QueuedFiles());

            failing.Dispose();
            using var healthy = RelayPeer.StartSink(Path.Combine(dumps.Path, "healthy"), port);
            await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@remote.test>", StringComparison.Ordinal) && l.Contains("status=sent (250 ", StringComparison.Ordinal), RelaySite.Timeout);
            await site.WaitForEmptyQueueAsync();
            Assert.Single(healthy.DumpFiles());
        }
        finally
        {
            failing.Dispose();
        }
    }

    [Fact]
    public async Task A_connection_dropped_after_the_final_dot_is_deferred_and_the_message_sent_again()
    {
        using var dumps = new TempDirectory();
        var dropping = RelayPeer.StartSink(Path.Combine(dumps.Path, "dropping"), options: ["-q", "."]);
        var port = dropping.Port;
        try
        {
            await using var dns = new TestDnsServer(RemoteZone());
            using var site = await RelaySite.StartAsync($"estafeta_smtp_port = {port}\n", dns);
            Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("jose@client.example", "user@remote.test", RelayMessages.Wire("jose@client.example", "user@remote.test", "Dropped")), StringComparison.Ordinal);

            await RelayWait.UntilAsync(() => Deferrals(site) >= 1, "a deferred attempt", site.LogText);
            Assert.DoesNotContain(site.Daemon.LogLines(), l => l.Contains("status=sent", StringComparison.Ordinal));

            dropping.Dispose();
            using var healthy = RelayPeer.StartSink(Path.Combine(dumps.Path, "healthy"), port);
            // With minimal_backoff_time = 1s the destination must be tried again within seconds, as in Postfix
            // (minimal_backoff_time also bounds how long an unreachable destination stays marked dead).
            await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@remote.test>", StringComparison.Ordinal) && l.Contains("status=sent (250 ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            await site.WaitForEmptyQueueAsync();
            var dump = Assert.Single(healthy.DumpFiles());
            Assert.Contains("Subject: Dropped", File.ReadAllText(dump), StringComparison.Ordinal);
        }
        finally
        {
            dropping.Dispose();
        }
    }

    private static bool IsDeferral(string line) =>
        line.Contains("to=<user@remote.test>", StringComparison.Ordinal) && line.Contains("status=deferred", StringComparison.Ordinal);

    private static int Deferrals(RelaySite site) => site.Daemon.LogLines().Count(IsDeferral);
}

/// <summary>A 5xx from the remote server bounces at once; the local sender gets the DSN in their mailbox.</summary>
[Collection(LocalMailCollection.Name)]
public sealed class RelayBounceTests
{
    [Fact]
    public async Task A_550_to_rcpt_bounces_at_once_and_the_local_sender_gets_a_dsn()
    {
        using var dumps = new TempDirectory();
        using var rejecting = RelayPeer.StartSink(dumps.Path, options: ["-f", "RCPT"]);
        await using var dns = new TestDnsServer(new TestDnsZone().Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.1"));
        using var site = await RelaySite.StartAsync($"estafeta_smtp_port = {rejecting.Port}\n", dns);
        using var sender = TestUser.Create(Path.Combine(site.Directory.Root, "home"));
        var from = $"{sender.Name}@mail.test";

        Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync(from, "user@remote.test", RelayMessages.Wire(from, "user@remote.test", "Will bounce"), IPAddress.Loopback), StringComparison.Ordinal);

        var bounced = await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@remote.test>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal), RelaySite.Timeout);
        Assert.Matches(@"status=bounced \(host mx\.remote\.test\[127\.0\.0\.1\] said: 5\d\d ", bounced);
        await site.Daemon.WaitForLogLineAsync(l => l.Contains($"to=<{from}>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal), RelaySite.Timeout);
        await site.WaitForEmptyQueueAsync();

        var mailbox = File.ReadAllText(Path.Combine(site.Directory.Root, "mail", sender.Name));
        Assert.StartsWith("From MAILER-DAEMON ", mailbox, StringComparison.Ordinal);
        Assert.Contains("Undelivered Mail Returned to Sender", mailbox, StringComparison.Ordinal);
        Assert.Contains("Final-Recipient: rfc822; user@remote.test", mailbox, StringComparison.Ordinal);
        Assert.Contains("Subject: Will bounce", mailbox, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dumps.Path));
    }
}
