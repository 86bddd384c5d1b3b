using System.Net;
using Estafeta.TestKit;
using Estafeta.TestKit.Dns;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Issue 5 end to end (DESIGN.md case 5): the real daemon takes mail over SMTP, finds the remote domain's MX in the
/// test DNS server and hands the message to Postfix's smtp-sink; relay control for clients outside mynetworks.
/// </summary>
public sealed class RelayTests
{
    private static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.9");

    private static TestDnsZone RemoteZone() =>
        new TestDnsZone().Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.1")
            .Mx("other.test", 10, "mx.other.test").A("mx.other.test", "127.0.0.1");

    [Fact]
    public async Task Insider_mail_to_a_remote_domain_reaches_its_mx_byte_identical_bar_our_received_line()
    {
        using var dumps = new TempDirectory();
        using var sink = RelayPeer.StartSink(dumps.Path);
        await using var dns = new TestDnsServer(RemoteZone());
        using var site = await RelaySite.StartAsync($"estafeta_smtp_port = {sink.Port}\n", dns);
        var message = RelayMessages.Wire("jose@client.example", "user@remote.test", "Case 5", "Hola.\r\n.dot line\r\nTail \r\n");

        Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("jose@client.example", "user@remote.test", RelayMessages.DotStuffed(message), IPAddress.Loopback), StringComparison.Ordinal);

        var sent = await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@remote.test>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal), RelaySite.Timeout);
        Assert.Contains($"relay=mx.remote.test[127.0.0.1]:{sink.Port}", sent, StringComparison.Ordinal);
        Assert.Contains("status=sent (250 ", sent, StringComparison.Ordinal);
        await site.WaitForEmptyQueueAsync();

        var dump = Assert.Single(sink.DumpFiles());
        Assert.Equal(["<user@remote.test>"], RelayPeer.RecipientsOf(dump));
        var received = RelayPeer.MessageOf(dump);
        Assert.StartsWith("Received: from client.example (localhost [127.0.0.1])", received, StringComparison.Ordinal);
        // smtp-sink writes LF line ends and one empty line after the message.
        Assert.Equal(RelayMessages.Lf(message) + "\n", RelayMessages.WithoutFirstReceived(received));
    }

    [Fact]
    public async Task Outsider_reaches_relay_domains_only_and_is_refused_with_the_configured_554()
    {
        using var dumps = new TempDirectory();
        using var sink = RelayPeer.StartSink(dumps.Path);
        await using var dns = new TestDnsServer(RemoteZone());
        using var site = await RelaySite.StartAsync(
            $"estafeta_smtp_port = {sink.Port}\nrelay_domains = remote.test\n"
            + "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n",
            dns);

        Assert.Equal("554 5.7.1 <user@other.test>: Relay access denied", await site.RcptReplyAsync(Outsider, "user@other.test"));
        var message = RelayMessages.Wire("stranger@client.example", "user@remote.test", "From outside");
        Assert.StartsWith("250 2.0.0 Ok", await site.SendAsync("stranger@client.example", "user@remote.test", message, Outsider), StringComparison.Ordinal);

        await site.Daemon.WaitForLogLineAsync(l => l.Contains("to=<user@remote.test>", StringComparison.Ordinal) && l.Contains("status=sent (250 ", StringComparison.Ordinal), RelaySite.Timeout);
        Assert.Single(sink.DumpFiles());
        Assert.DoesNotContain("other.test", string.Join('\n', sink.DumpFiles().Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outsider_relay_gets_454_under_the_default_defer_unauth_destination()
    {
        await using var dns = new TestDnsServer(RemoteZone());
        using var site = await RelaySite.StartAsync("", dns);

        Assert.Equal("454 4.7.1 <user@remote.test>: Relay access denied", await site.RcptReplyAsync(Outsider, "user@remote.test"));
        Assert.Equal("250 2.1.5 Ok", await site.RcptReplyAsync(IPAddress.Loopback, "user@remote.test"));
    }
}
