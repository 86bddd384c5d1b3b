using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// The promise of a 250 across a crash of the whole server during delivery: SIGKILL while 500 messages are being
/// received and delivered, restart, and every acknowledged message is in the mailbox (at least once), and the
/// mailbox still parses message by message.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed partial class LocalMailCrashTests
{
    private const int SIGKILL = 9;
    private const int Messages = 500;
    private const int Sessions = 5;

    [Fact]
    public async Task Sigkill_during_500_deliveries_loses_no_acknowledged_message_and_damages_no_mailbox()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        var next = -1;
        using var stop = new CancellationTokenSource();

        async Task SendLoopAsync()
        {
            try
            {
                using var client = await SmtpLineClient.ConnectAsync(site.Daemon.Port);
                await client.ReadReplyAsync();
                await client.CommandAsync("HELO load.example");
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    if (n >= Messages)
                    {
                        return;
                    }

                    await client.CommandAsync("MAIL FROM:<load@example.org>");
                    await client.CommandAsync($"RCPT TO:<{user.Name}@localhost>");
                    await client.CommandAsync("DATA");
                    await client.SendRawAsync($"Subject: crash-{n}\r\n\r\nbody of message {n}\r\nsecond line {n}\r\n");
                    if (QueuedPattern().IsMatch(await client.CommandAsync(".")))
                    {
                        acknowledged.Add(n);
                    }
                }
            }
            catch (IOException)
            {
                // The server was killed under this session: whatever got no 250 is the client's to retry.
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }

        var senders = Enumerable.Range(0, Sessions).Select(_ => Task.Run(SendLoopAsync)).ToArray();
        // Kill once deliveries are under way (50 delivered), while messages are still arriving.
        var killDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (site.Daemon.LogLines().Count(l => l.Contains("status=sent", StringComparison.Ordinal)) < 50)
        {
            Assert.True(DateTime.UtcNow < killDeadline, "no deliveries within 60 s");
            await Task.Delay(20);
        }

        site.Daemon.Signal(SIGKILL);
        await site.Daemon.WaitForExitAsync(TimeSpan.FromSeconds(20));
        stop.Cancel();
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(acknowledged.Count > 0);
        Assert.True(acknowledged.Count < Messages, "the kill came after every message was acknowledged: the test proved nothing");

        using var restarted = await EstafetaProcess.StartWithConfigAsync(site.Directory.Config, site.Directory.State);
        await WaitForEmptyQueueAsync(restarted.QueueDirectory, TimeSpan.FromSeconds(90));

        var parsed = JsonDocument.Parse(await Tool.PythonAsync(SubjectsScript, site.MailboxOf(user.Name))).RootElement;
        var delivered = new HashSet<int>();
        foreach (var message in parsed.EnumerateArray())
        {
            var subject = message.GetProperty("subject").GetString() ?? "";
            Assert.StartsWith("crash-", subject, StringComparison.Ordinal);
            var n = int.Parse(subject["crash-".Length..], CultureInfo.InvariantCulture);
            Assert.Equal($"body of message {n}\nsecond line {n}\n", message.GetProperty("body").GetString());
            delivered.Add(n);
        }

        var lost = acknowledged.Where(n => !delivered.Contains(n)).Order().ToArray();
        Assert.True(lost.Length == 0, $"acknowledged but not delivered: {string.Join(", ", lost)}");
    }

    private static async Task WaitForEmptyQueueAsync(string queueDirectory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string[] left;
        do
        {
            left = QueueFolders.FilesLeft(queueDirectory, "incoming", "active", "deferred");
            if (left.Length == 0)
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"queue not empty after {timeout}: {left.Length} files");
    }

    [GeneratedRegex(@"^250 2\.0\.0 Ok: queued as \S+$")]
    private static partial Regex QueuedPattern();

    private const string SubjectsScript = """
        import json, mailbox, sys
        print(json.dumps([{"subject": m["subject"], "body": m.get_payload(decode=True).decode()} for m in mailbox.mbox(sys.argv[1])]))
        """;
}
