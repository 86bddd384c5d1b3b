using System.Net;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>Relay control over a real socket: clients outside mynetworks (127.0.0.9) may not relay, insiders may.</summary>
public sealed class SmtpRelayTests
{
    private static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.9");

    [Fact]
    public async Task Outsider_relay_is_deferred_by_default_with_454()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await StartAsync(dir);

        Assert.Equal(
            "454 4.7.1 <someone@example.org>: Relay access denied",
            await RcptReplyAsync(estafeta.Port, Outsider, "someone@example.org"));
    }

    [Fact]
    public async Task Outsider_relay_is_rejected_with_554_under_reject_unauth_destination()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await StartAsync(dir, "-o", "smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination");

        Assert.Equal(
            "554 5.7.1 <someone@example.org>: Relay access denied",
            await RcptReplyAsync(estafeta.Port, Outsider, "someone@example.org"));
    }

    [Fact]
    public async Task Insider_may_relay_and_outsider_may_send_to_a_local_user()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await StartAsync(dir);

        Assert.Equal("250 2.1.5 Ok", await RcptReplyAsync(estafeta.Port, IPAddress.Loopback, "someone@example.org"));
        Assert.Equal("250 2.1.5 Ok", await RcptReplyAsync(estafeta.Port, Outsider, "root@localhost"));
    }

    [Theory]
    [InlineData("root%example.org@localhost")]
    [InlineData("\"root@example.org\"@localhost")]
    [InlineData("@localhost:root@example.org")]
    public async Task Address_tricks_from_an_outsider_never_get_a_remote_destination_accepted(string recipient)
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await StartAsync(dir);

        var reply = await RcptReplyAsync(estafeta.Port, Outsider, recipient);

        if (reply.StartsWith("250", StringComparison.Ordinal))
        {
            // Accepted only if kept local: the queued recipient must be @localhost, never example.org.
            using var client = await SmtpLineClient.ConnectAsync(estafeta.Port, Outsider);
            await client.ReadReplyAsync();
            await client.CommandAsync("HELO outsider.example");
            await client.CommandAsync("MAIL FROM:<jose@localhost>");
            Assert.StartsWith("250", await client.CommandAsync($"RCPT TO:<{recipient}>"), StringComparison.Ordinal);
            Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            await client.SendRawAsync("Subject: trick\r\n\r\nx\r\n");
            Assert.StartsWith("250", await client.CommandAsync("."), StringComparison.Ordinal);
            var id = Assert.Single(SmtpTestSupport.IncomingIds(estafeta.QueueDirectory));
            var show = await EstafetaProcess.RunToExitAsync(["queue", "show", id], dir.State);
            var recipientLine = Assert.Single(show.StandardOutput, l => l.StartsWith("recipient: ", StringComparison.Ordinal));
            Assert.True(recipientLine.EndsWith("@localhost", StringComparison.Ordinal), string.Join('\n', show.StandardOutput));
        }
        else
        {
            Assert.Matches(@"^[45]\d\d ", reply);
        }
    }

    [Fact]
    public async Task Unknown_local_user_is_rejected_with_550_user_unknown()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await StartAsync(dir);

        Assert.Equal(
            "550 5.1.1 <nosuchuser@localhost>: Recipient address rejected: User unknown in local recipient table",
            await RcptReplyAsync(estafeta.Port, IPAddress.Loopback, "nosuchuser@localhost"));
    }

    /// <summary>The default mynetworks holds all of 127.0.0.0/8; narrowing it makes 127.0.0.9 a stranger.</summary>
    private static Task<EstafetaProcess> StartAsync(HostTestDirectory dir, params string[] extraArguments) =>
        dir.StartQueueOnlyAsync(["-o", "mynetworks=127.0.0.1/32", .. extraArguments]);

    private static async Task<string> RcptReplyAsync(int port, IPAddress source, string recipient)
    {
        using var client = await SmtpLineClient.ConnectAsync(port, source);
        Assert.StartsWith("220 ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await client.CommandAsync("HELO client.example"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<jose@localhost>"));
        var reply = await client.CommandAsync($"RCPT TO:<{recipient}>");
        await client.CommandAsync("QUIT");
        return reply;
    }
}
