using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>Session behaviour against the in-test scripted peer and smtp-sink: TLS fallback, timeouts, DSN parameters.</summary>
public sealed class SessionBehaviourTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AFailedStartTlsHandshakeAtMayRetriesTheHostInPlaintext()
    {
        await using var peer = new ScriptedPeer(offerStartTls: true, breakStartTls: true);
        var logs = new CapturingLoggerFactory();
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(peer.Port), logs).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("250 2.0.0 Ok: queued as SCRIPTED", outcome.Reason);
        Assert.Equal(2, peer.Connections);
        Assert.Equal(1, peer.Commands.Count(c => c == "STARTTLS"));
        Assert.Equal(TestMessages.Expected(), Assert.Single(peer.Messages).Replace("\n..", "\n.", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Category == "smtp" && l.Level == LogLevel.Warning && l.Text.StartsWith($"TLS handshake failed with 127.0.0.1[127.0.0.1]:{peer.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachRecipientGetsTheResultOfItsOwnRcptReply()
    {
        await using var peer = new ScriptedPeer(refuseRecipient: "nobody@remote.test");
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test", "nobody@remote.test", "luis@remote.test"]);

        var outcomes = (await TestSettings.Agent(TestSettings.For(peer.Port)).DeliverAsync(request, CancellationToken.None)).OrderBy(o => o.QueueIndex).ToList();

        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Bounced, DeliveryStatus.Sent], outcomes.Select(o => o.Status));
        Assert.Equal("host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <nobody@remote.test>: Recipient address rejected: User unknown (in reply to RCPT TO command)", outcomes[1].Reason);
        Assert.Single(peer.Messages);
        Assert.Equal(1, peer.Commands.Count(c => c.StartsWith("MAIL FROM:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AQueueFileThatBreaksDuringDataIsNeverEndedWithADot()
    {
        DeliveryRequest? request = null;
        await using var peer = new ScriptedPeer(beforeDataReply: () =>
        {
            using var file = new FileStream(request!.QueueFilePath, FileMode.Open, FileAccess.Write);
            file.SetLength(file.Length / 2);
        });
        request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(peer.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.3.0", outcome.Dsn);
        Assert.Equal("error reading queue file", outcome.Reason);
        Assert.Empty(peer.Messages);
    }

    [Fact]
    public async Task AtEncryptAFailedHandshakeDefers()
    {
        await using var peer = new ScriptedPeer(offerStartTls: true, breakStartTls: true);
        var settings = TestSettings.For(peer.Port) with { TlsSecurityLevel = SmtpTlsSecurityLevel.Encrypt };
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.7.5", outcome.Dsn);
        Assert.Equal("Cannot start TLS: handshake failure", outcome.Reason);
        Assert.Empty(peer.Messages);
    }

    [Fact]
    public async Task AServerThatNeverGreetsTimesOutOnTheInjectedClock()
    {
        await using var peer = new ScriptedPeer(silent: true);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A connect timeout far away, so that only the greeting's 300 s can fire whatever the moment of each Advance.
        var settings = TestSettings.For(peer.Port) with { ConnectTimeout = TimeSpan.FromDays(1), HeloTimeout = TimeSpan.FromSeconds(300) };
        var agent = new SmtpDeliveryAgent(settings, time, new CapturingLoggerFactory());
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var delivery = agent.DeliverAsync(request, CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (peer.Connections == 0)
        {
            await Task.Delay(10, wait.Token); // waits for the condition (connected), bounded by the token
        }

        Assert.False(delivery.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(299));
        Assert.False(delivery.IsCompleted);

        // The greeting timer starts when the client's connect completes; advance until it has fired (bounded).
        for (var i = 0; i < 200 && !delivery.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.WhenAny(delivery, Task.Delay(20, wait.Token));
        }

        var outcome = Assert.Single(await delivery.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(time.GetUtcNow() - time.Start >= TimeSpan.FromSeconds(300), "not before smtp_helo_timeout");

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.4.2", outcome.Dsn);
        Assert.Equal("conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting", outcome.Reason);
    }

    [Fact]
    public async Task SendsDsnParametersWhenTheServerOffersDsn()
    {
        var dumps = Path.Combine(_directory.Path, "dumps");
        using var sink = SmtpSink.Start(dumps);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{sink.Port}", ["ana@remote.test"], adjust: r => r with
        {
            Return = Core.DsnReturn.Headers,
            EnvelopeId = "id+1",
            Body = Core.BodyType.EightBitMime,
            Recipients = [new DeliveryRecipient(0, "ana@remote.test", Notify: Core.DsnNotify.Success | Core.DsnNotify.Failure, OriginalRecipient: "rfc822;Ana@remote.test")],
        });

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(sink.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        var (headers, _) = SinkDump.ReadSingle(dumps);
        Assert.Contains("X-Mail-Args: <jose@example.org> BODY=8BITMIME RET=HDRS ENVID=id+2B1", headers);
        Assert.Contains("X-Rcpt-Args: <ana@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Ana@remote.test", headers);
    }
}
