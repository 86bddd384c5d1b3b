using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>Postfix's own load generator against the server: every message queued once, log and queue agree.</summary>
public sealed partial class SmtpLoadTests
{
    [Fact]
    public async Task Smtp_source_with_20_sessions_queues_exactly_200_distinct_messages()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await dir.StartQueueOnlyAsync();

        var (exitCode, output, error) = await SmtpTestSupport.RunToolAsync(
            "/usr/sbin/smtp-source",
            ["-c", "-s", "20", "-m", "200", "-f", "a@localhost", "-t", "root@localhost", $"127.0.0.1:{estafeta.Port}"],
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output + error);
        var files = SmtpTestSupport.IncomingIds(estafeta.QueueDirectory);
        Assert.Equal(200, files.Length);
        var logged = await WaitForClientLinesAsync(estafeta, 200);
        Assert.Equal(200, logged.Count);
        Assert.Equal(logged.Count, logged.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(files, logged.Order(StringComparer.Ordinal));
    }

    private static async Task<List<string>> WaitForClientLinesAsync(EstafetaProcess estafeta, int expected)
    {
        List<string> ids = [];
        for (var attempt = 0; attempt < 200; attempt++)
        {
            ids = [.. estafeta.LogLines().Select(l => ClientLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value)];
            if (ids.Count >= expected)
            {
                break;
            }

            await Task.Delay(50);
        }

        return ids;
    }

    [GeneratedRegex(@"estafeta/smtpd\[\d+\]: (?<id>[0-9A-Za-z]+): client=")]
    private static partial Regex ClientLine();
}
