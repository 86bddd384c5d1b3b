using Estafeta.TestKit;
using Estafeta.TestKit.Peers;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Issue 5, case 5b: all mail through relayhost = [127.0.0.1]:PORT, a server (Python aiosmtpd) that requires STARTTLS
/// and AUTH; the password comes from smtp_sasl_password_maps and must never show in the log or the queue listing.
/// </summary>
public sealed class RelayAuthTests
{
    private const string Password = "s3cret-Relay-77";

    [Fact]
    public async Task The_right_password_gets_the_message_through_the_relayhost_over_tls()
    {
        using var temp = new TempDirectory();
        using var peer = AiosmtpdPeer.StartRequiringTlsAndAuth(temp.Path, "relay.test", "jose", Password);
        using var site = await RelaySite.StartAsync(RelayhostConfig(temp.Path, peer.Port, Password));

        Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("ana@mail.test", "user@far.example", RelayMessages.Wire("ana@mail.test", "user@far.example", "Via relayhost"), System.Net.IPAddress.Loopback), StringComparison.Ordinal);

        var sent = await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@far.example>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal), RelaySite.Timeout);
        Assert.Contains($"relay=127.0.0.1[127.0.0.1]:{peer.Port}", sent, StringComparison.Ordinal);
        Assert.Contains("status=sent (250 ", sent, StringComparison.Ordinal);
        await RelayWait.UntilAsync(() => peer.Received().Count == 1, "the peer's dump");
        var (content, meta) = peer.Received()[0];
        Assert.True(meta.GetProperty("tls").GetBoolean());
        Assert.Equal("jose", meta.GetProperty("auth").GetString());
        Assert.Equal("user@far.example", meta.GetProperty("rcpt_tos")[0].GetString());
        Assert.Contains("Subject: Via relayhost", content, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, site.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_defers_with_the_servers_reply_and_the_password_shows_nowhere()
    {
        const string Wrong = "wr0ng-Relay-Secret";
        using var temp = new TempDirectory();
        using var peer = AiosmtpdPeer.StartRequiringTlsAndAuth(temp.Path, "relay.test", "jose", Password);
        using var site = await RelaySite.StartAsync(RelayhostConfig(temp.Path, peer.Port, Wrong));

        Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("ana@mail.test", "user@far.example", RelayMessages.Wire("ana@mail.test", "user@far.example", "Wrong password"), System.Net.IPAddress.Loopback), StringComparison.Ordinal);

        var deferred = await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@far.example>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal), RelaySite.Timeout);
        Assert.Contains("status=deferred (SASL authentication failed; server 127.0.0.1[127.0.0.1] said: 535 5.7.8 ", deferred, StringComparison.Ordinal);
        var listing = await EstafetaProcess.RunToExitAsync(["queue", "list", "-c", site.Directory.Config], site.Directory.State);
        Assert.Equal(0, listing.ExitCode);
        var listed = string.Join('\n', listing.StandardOutput);
        Assert.Contains("user@far.example", listed, StringComparison.Ordinal);
        Assert.Contains("SASL authentication failed", listed, StringComparison.Ordinal);
        Assert.Empty(peer.Received());

        var everything = site.LogText() + "\n" + listed + "\n" + string.Join('\n', listing.StandardError);
        Assert.DoesNotContain(Wrong, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("\0jose\0" + Wrong)), everything, StringComparison.Ordinal);
    }

    /// <summary>main.cf lines: relayhost, TLS required, SASL on with a password map holding "jose:PASSWORD".</summary>
    private static string RelayhostConfig(string directory, int port, string password)
    {
        var map = Path.Combine(directory, "sasl_passwd");
        File.WriteAllText(map, $"[127.0.0.1]:{port} jose:{password}\n");
        return $"relayhost = [127.0.0.1]:{port}\n"
            + "smtp_tls_security_level = encrypt\n"
            + "smtp_sasl_auth_enable = yes\n"
            + $"smtp_sasl_password_maps = hash:{map}\n";
    }
}
