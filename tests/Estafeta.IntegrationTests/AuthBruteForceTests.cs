using System.Net;
using System.Text.RegularExpressions;

namespace Estafeta.IntegrationTests;

/// <summary>Password guessing against the real server: per-session failure limit, per-address rate limit, logs.</summary>
public sealed class AuthBruteForceTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.9");

    // fail2ban's filter.d/postfix.conf, mode auth (the part after the syslog prefix).
    private static readonly Regex Fail2banPostfixSasl = new(
        @"warning: [-._\w]+\[(?<host>[0-9.]+)\]: SASL ((?i)LOGIN|PLAIN|(?:CRAM|DIGEST)-MD5) authentication failed(:[ A-Za-z0-9+/:]*={0,2})?\s*$");

    [Fact]
    public async Task Fifty_wrong_passwords_from_one_address_end_in_refusals_while_another_address_still_logs_in()
    {
        using var setup = new SubmissionSetup();
        using var estafeta = await setup.StartAsync();
        var replies = new List<string>();
        TlsLineClient? client = null;
        try
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                if (client is null)
                {
                    client = await TlsLineClient.ConnectAsync(setup.SubmissionPort, Attacker);
                    await client.SecureAsync();
                }

                var reply = await client.CommandAsync("AUTH PLAIN " + SubmissionSetup.PlainResponse(SubmissionSetup.User, $"guess-{attempt}"))
                    ?? "closed";
                replies.Add(reply);
                // A guesser reconnects when refused; so the test does not sit through smtpd_error_sleep_time either.
                if (reply.StartsWith("421", StringComparison.Ordinal) || reply.StartsWith("450", StringComparison.Ordinal))
                {
                    client.Dispose();
                    client = null;
                }
            }
        }
        finally
        {
            client?.Dispose();
        }

        using var honest = await TlsLineClient.ConnectAsync(setup.SubmissionPort, IPAddress.Loopback);
        await honest.SecureAsync();
        Assert.Equal("235 2.7.0 Authentication successful",
            await honest.CommandAsync("AUTH PLAIN " + SubmissionSetup.PlainResponse(SubmissionSetup.User, SubmissionSetup.Password)));

        Assert.DoesNotContain(replies, reply => reply.StartsWith("235", StringComparison.Ordinal));
        Assert.True(replies.Count(reply => reply == "450 4.7.1 Error: too many AUTH commands from 127.0.0.9") >= 35, string.Join('\n', replies));
        Assert.Contains(replies, reply => Regex.IsMatch(reply, @"^421 4\.7\.0 \S+ Error: too many authentication failures$"));

        var log = await WaitForLogAsync(estafeta, lines => lines.Count(line => line.Contains("SASL PLAIN authentication failed", StringComparison.Ordinal)) >= 10);
        var failures = log.Where(line => line.Contains("SASL PLAIN authentication failed", StringComparison.Ordinal)).ToList();
        Assert.All(failures, line => Assert.Equal("127.0.0.9", Fail2banPostfixSasl.Match(line).Groups["host"].Value));
        Assert.Contains(log, line => line.Contains("warning: AUTH command rate limit exceeded: 11 from localhost[127.0.0.9] for service", StringComparison.Ordinal)
            || line.Contains("warning: AUTH command rate limit exceeded: 11 from unknown[127.0.0.9] for service", StringComparison.Ordinal));
        foreach (var attempt in Enumerable.Range(0, 50))
        {
            Assert.DoesNotContain(log, line => line.Contains($"guess-{attempt}", StringComparison.Ordinal)
                || line.Contains(SubmissionSetup.PlainResponse(SubmissionSetup.User, $"guess-{attempt}"), StringComparison.Ordinal));
        }

        Assert.DoesNotContain(log, line => line.Contains(SubmissionSetup.Password, StringComparison.Ordinal)
            || line.Contains(SubmissionSetup.PlainResponse(SubmissionSetup.User, SubmissionSetup.Password), StringComparison.Ordinal));
    }

    private static async Task<string[]> WaitForLogAsync(Estafeta.TestKit.EstafetaProcess estafeta, Func<string[], bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var lines = estafeta.LogLines();
            if (done(lines))
            {
                return lines;
            }

            await Task.Delay(50);
        }

        return estafeta.LogLines();
    }
}
