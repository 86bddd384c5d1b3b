using System.Net;
using Estafeta.TestKit.Dns;
using Estafeta.TestKit.Peers;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>MX routing against the test kit's DNS responder; every server is on 127.0.0.x and the test's port.</summary>
public sealed class MxRoutingTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly TestDnsZone _zone = new();
    private TestDnsServer _dns = null!;

    private string Dumps => Path.Combine(_directory.Path, "dumps");

    public Task InitializeAsync()
    {
        _dns = new TestDnsServer(_zone);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _dns.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task UsesTheNextMxWhenTheBestOneRefusesConnections()
    {
        using var sink = SmtpSink.Start(Dumps, address: "127.0.0.3");
        _zone.Mx("remote.test", 10, "mx1.remote.test").Mx("remote.test", 20, "mx2.remote.test")
            .A("mx1.remote.test", "127.0.0.2").A("mx2.remote.test", "127.0.0.3");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);

        var outcome = Assert.Single(await Agent(sink.Port).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal($"mx2.remote.test[127.0.0.3]:{sink.Port}", outcome.Relay);
        Assert.Equal("dns; mx2.remote.test", outcome.RemoteMta);
        Assert.Equal(TestMessages.Expected(), SinkDump.ReadSingle(Dumps).Body);
    }

    [Fact]
    public async Task WhenEveryMxRefusesTheLastConnectErrorDefers()
    {
        var port = PeerProcess.FreePort();
        _zone.Mx("remote.test", 10, "mx1.remote.test").Mx("remote.test", 20, "mx2.remote.test")
            .A("mx1.remote.test", "127.0.0.2").A("mx2.remote.test", "127.0.0.3");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);

        var outcome = Assert.Single(await Agent(port).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.4.1", outcome.Dsn);
        Assert.Equal($"connect to mx2.remote.test[127.0.0.3]:{port}: Connection refused", outcome.Reason);
    }

    [Fact]
    public async Task ARecipientDeferredByTheFirstMxIsDeliveredByTheNext()
    {
        var port = PeerProcess.FreePort();
        await using var busy = new ScriptedPeer(address: "127.0.0.7", port: port, rcptReply: "450 4.2.0 <ana@remote.test>: mailbox busy");
        await using var good = new ScriptedPeer(address: "127.0.0.8", port: port);
        _zone.Mx("remote.test", 10, "mx1.remote.test").Mx("remote.test", 20, "mx2.remote.test")
            .A("mx1.remote.test", "127.0.0.7").A("mx2.remote.test", "127.0.0.8");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);

        var outcome = Assert.Single(await Agent(port).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal($"mx2.remote.test[127.0.0.8]:{port}", outcome.Relay);
        Assert.Empty(busy.Messages);
        Assert.Single(good.Messages);
    }

    [Fact]
    public async Task ARecipientDeferredByEveryMxIsDeferredWithTheLastReply()
    {
        var port = PeerProcess.FreePort();
        await using var busy = new ScriptedPeer(address: "127.0.0.7", port: port, rcptReply: "450 4.2.0 <ana@remote.test>: mailbox busy");
        _zone.Mx("remote.test", 10, "mx1.remote.test").A("mx1.remote.test", "127.0.0.7");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);

        var outcome = Assert.Single(await Agent(port).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.2.0", outcome.Dsn);
        Assert.Equal("host mx1.remote.test[127.0.0.7] said: 450 4.2.0 <ana@remote.test>: mailbox busy (in reply to RCPT TO command)", outcome.Reason);
        Assert.Equal("dns; mx1.remote.test", outcome.RemoteMta);
    }

    [Fact]
    public async Task ANameWithoutMxOrAddressesBounces()
    {
        _zone.Existing("bare.test");
        var request = TestMessages.Create(_directory.Path, "bare.test", ["ana@bare.test"]);

        var outcome = Assert.Single(await Agent(PeerProcess.FreePort()).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.4.4", outcome.Dsn);
        Assert.Equal("Host or domain name not found. Name service error for name=bare.test type=AAAA: Host found but no data record of requested type", outcome.Reason);
    }

    [Fact]
    public async Task DeliversToTheAddressOfADomainWithoutMx()
    {
        using var sink = SmtpSink.Start(Dumps, address: "127.0.0.4");
        _zone.A("remote.test", "127.0.0.4");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);

        var outcome = Assert.Single(await Agent(sink.Port).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal($"remote.test[127.0.0.4]:{sink.Port}", outcome.Relay);
    }

    [Fact]
    public async Task ANullMxBouncesAtOnce()
    {
        _zone.NullMx("remote.test").A("remote.test", "127.0.0.4");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);

        var outcome = Assert.Single(await Agent(PeerProcess.FreePort()).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.1.10", outcome.Dsn);
        Assert.Equal("Domain remote.test does not accept mail (nullMX)", outcome.Reason);
        Assert.Equal("none", outcome.Relay);
    }

    [Fact]
    public async Task ADomainThatDoesNotExistBounces()
    {
        var request = TestMessages.Create(_directory.Path, "nowhere.test", ["ana@nowhere.test"]);

        var outcome = Assert.Single(await Agent(PeerProcess.FreePort()).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.1.2", outcome.Dsn);
        Assert.Equal("Host or domain name not found. Name service error for name=nowhere.test type=A: Host not found", outcome.Reason);
    }

    [Fact]
    public async Task AServerFailureDefers()
    {
        _zone.ServerFailure("broken.test");
        var request = TestMessages.Create(_directory.Path, "broken.test", ["ana@broken.test"]);

        var outcome = Assert.Single(await Agent(PeerProcess.FreePort()).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.4.3", outcome.Dsn);
        Assert.Equal("Host or domain name not found. Name service error for name=broken.test type=MX: Host not found, try again", outcome.Reason);
    }

    [Fact]
    public async Task AnMxThatIsThisServerLoopsBack()
    {
        var port = PeerProcess.FreePort();
        _zone.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.1");
        var request = TestMessages.Create(_directory.Path, "remote.test", ["ana@remote.test"]);
        var settings = TestSettings.For(port, _dns.Address) with { OwnEndpoints = [new IPEndPoint(IPAddress.Any, port)] };

        var outcome = Assert.Single(await TestSettings.Agent(settings).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.4.6", outcome.Dsn);
        Assert.Equal("mail for remote.test loops back to myself", outcome.Reason);
    }

    [Fact]
    public async Task EqualPreferencesAreShuffled()
    {
        using var first = SmtpSink.Start(Path.Combine(_directory.Path, "a"), address: "127.0.0.5");
        using var second = SmtpSink.Start(Path.Combine(_directory.Path, "b"), address: "127.0.0.6", port: first.Port);
        _zone.Mx("remote.test", 10, "mx1.remote.test").Mx("remote.test", 10, "mx2.remote.test")
            .A("mx1.remote.test", "127.0.0.5").A("mx2.remote.test", "127.0.0.6");
        var agent = Agent(first.Port);
        var relays = new HashSet<string>();

        // 40 deliveries: the chance that a fair shuffle always picks the same host is 2^-39.
        for (var i = 0; i < 40 && relays.Count < 2; i++)
        {
            var request = TestMessages.Create(Path.Combine(_directory.Path, $"m{i}"), "remote.test", ["ana@remote.test"]);
            relays.Add(Assert.Single(await agent.DeliverAsync(request, CancellationToken.None)).Relay);
        }

        Assert.Equal(2, relays.Count);
    }

    private SmtpDeliveryAgent Agent(int port) => TestSettings.Agent(TestSettings.For(port, _dns.Address));
}
