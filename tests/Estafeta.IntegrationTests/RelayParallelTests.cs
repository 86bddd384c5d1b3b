using System.Globalization;
using System.Net;
using Estafeta.TestKit;
using Estafeta.TestKit.Dns;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Issue 5 under load: 20 messages to 5 domains whose MX hosts are 5 smtp-sink instances (127.0.0.11-15, one port),
/// each recipient delivered exactly once; then a SIGKILL while deliveries run loses no acknowledged message.
/// </summary>
public sealed class RelayParallelTests
{
    private const int Domains = 5;

    [Fact]
    public async Task Twenty_messages_to_five_destinations_arrive_once_each_and_a_kill_in_the_middle_loses_nothing()
    {
        using var dumps = new TempDirectory();
        var port = HostTestDirectory.FreePort();
        var zone = new TestDnsZone();
        var sinks = new List<RelayPeer>();
        try
        {
            for (var d = 1; d <= Domains; d++)
            {
                zone.Mx($"d{d}.test", 10, $"mx.d{d}.test").A($"mx.d{d}.test", $"127.0.0.1{d}");
                // -w 2: each DATA waits 2 seconds, so deliveries are still running when the daemon is killed.
                sinks.Add(RelayPeer.StartSink(Path.Combine(dumps.Path, $"d{d}"), port, $"127.0.0.1{d}", "-w", "2"));
            }

            await using var dns = new TestDnsServer(zone);
            using var site = await RelaySite.StartAsync($"estafeta_smtp_port = {port}\n", dns);

            var first = await SendBatchAsync(site, "a");
            await RelayWait.UntilAsync(() => Delivered(sinks).Count >= first.Count, "20 deliveries", site.LogText);
            await site.WaitForEmptyQueueAsync();
            var delivered = Delivered(sinks);
            Assert.All(first, r => Assert.Equal(1, delivered.Count(d => d == r)));
            Assert.Equal(first.Count, delivered.Count);
            Assert.Equal(first.Count, site.Daemon.LogLines().Count(l => l.Contains("status=sent (250 ", StringComparison.Ordinal)));

            var second = await SendBatchAsync(site, "b");
            // Killed as soon as the last message is acknowledged: each delivery waits 2 s at the sink's DATA, so some
            // (in practice all) of this batch are still on their way.
            var sentBeforeKill = site.Daemon.LogLines().Count(l => l.Contains("to=<b", StringComparison.Ordinal) && l.Contains("status=sent", StringComparison.Ordinal));
            await site.KillAndRestartAsync();
            Assert.True(sentBeforeKill < second.Count, "the kill came after every delivery had finished");

            await RelayWait.UntilAsync(() => second.All(Delivered(sinks).Contains), "every acknowledged message at a sink", site.LogText);
            await site.WaitForEmptyQueueAsync();
            var afterRestart = Delivered(sinks);
            Assert.All(second, r => Assert.True(afterRestart.Contains(r), r + " lost"));
        }
        finally
        {
            foreach (var sink in sinks)
            {
                sink.Dispose();
            }
        }
    }

    /// <summary>20 messages, one recipient each (PREFIX0@d1.test ... PREFIX19@d5.test); all must be acknowledged.</summary>
    private static async Task<List<string>> SendBatchAsync(RelaySite site, string prefix)
    {
        var recipients = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var to = $"{prefix}{i.ToString(CultureInfo.InvariantCulture)}@d{(i % Domains) + 1}.test";
            Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("jose@client.example", to, RelayMessages.Wire("jose@client.example", to, "Load " + to), IPAddress.Loopback), StringComparison.Ordinal);
            recipients.Add("<" + to + ">");
        }

        return recipients;
    }

    /// <summary>Every recipient every sink has a complete dump for, with repeats.</summary>
    private static List<string> Delivered(List<RelayPeer> sinks) =>
        [.. sinks.SelectMany(s => s.DumpFiles()).SelectMany(RelayPeer.RecipientsOf)];
}
