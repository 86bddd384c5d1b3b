using Estafeta.TestKit.Peers;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>Deliveries to Postfix's smtp-sink on loopback, reached as "[127.0.0.1]:PORT" (no DNS).</summary>
public sealed class SmtpSinkDeliveryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Dumps => Path.Combine(_directory.Path, "dumps");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DeliversTheQueuedBytesUnchangedWithPostfixsSentOutcome()
    {
        using var sink = SmtpSink.Start(Dumps);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{sink.Port}", ["ana@remote.test"]);

        var outcomes = await TestSettings.Agent(TestSettings.For(sink.Port)).DeliverAsync(request, CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal($"127.0.0.1[127.0.0.1]:{sink.Port}", outcome.Relay);
        Assert.Equal("2.0.0", outcome.Dsn);
        Assert.StartsWith("250 2.0.0 Ok", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("dns; 127.0.0.1", outcome.RemoteMta);
        var (headers, body) = SinkDump.ReadSingle(Dumps);
        Assert.Contains("X-Mail-Args: <jose@example.org>", headers);
        Assert.Contains("X-Rcpt-Args: <ana@remote.test>", headers);
        Assert.Contains("X-Helo-Args: client.test", headers);
        Assert.Equal(TestMessages.Expected(), body);
    }

    [Fact]
    public async Task SendsSeveralRecipientsInOneTransaction()
    {
        using var sink = SmtpSink.Start(Dumps);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{sink.Port}", ["ana@remote.test", "luis@remote.test", "eva@remote.test"]);

        var outcomes = await TestSettings.Agent(TestSettings.For(sink.Port)).DeliverAsync(request, CancellationToken.None);

        Assert.Equal([0, 1, 2], outcomes.Select(o => o.QueueIndex).Order());
        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Sent, o.Status));
        var (headers, _) = SinkDump.ReadSingle(Dumps);
        Assert.Equal(["X-Rcpt-Args: <ana@remote.test>", "X-Rcpt-Args: <luis@remote.test>", "X-Rcpt-Args: <eva@remote.test>"], headers.Where(h => h.StartsWith("X-Rcpt-Args:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A550ToRcptBouncesWithTheServersReplyInPostfixsWords()
    {
        using var sink = SmtpSink.Start(Dumps, ["-f", "RCPT", "-B", "550 5.1.1 no such user"]);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{sink.Port}", ["nobody@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(sink.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.1.1", outcome.Dsn);
        Assert.Equal($"host 127.0.0.1[127.0.0.1] said: 550 5.1.1 no such user (in reply to RCPT TO command)", outcome.Reason);
        Assert.Equal("smtp; 550 5.1.1 no such user", outcome.DiagnosticCode);
        Assert.Equal($"127.0.0.1[127.0.0.1]:{sink.Port}", outcome.Relay);
        Assert.False(Directory.Exists(Dumps) && Directory.EnumerateFiles(Dumps).Any(), "no message may be sent without an accepted recipient");
    }

    [Fact]
    public async Task A451AfterTheFinalDotDefers()
    {
        using var sink = SmtpSink.Start(Dumps, ["-r", ".", "-b", "451 4.3.0 try again later"]);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{sink.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(sink.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.3.0", outcome.Dsn);
        Assert.Equal("host 127.0.0.1[127.0.0.1] said: 451 4.3.0 try again later (in reply to end of DATA command)", outcome.Reason);
    }

    [Fact]
    public async Task ARefusedConnectionDefersWith441()
    {
        var port = PeerProcess.FreePort();
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.4.1", outcome.Dsn);
        Assert.Equal($"connect to 127.0.0.1[127.0.0.1]:{port}: Connection refused", outcome.Reason);
        Assert.Equal("none", outcome.Relay);
    }

    [Fact]
    public async Task AConnectionDroppedAfterTheFinalDotDefersNeverSent()
    {
        using var sink = SmtpSink.Start(Dumps, ["-q", "."]);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{sink.Port}", ["ana@remote.test", "luis@remote.test"]);

        var outcomes = await TestSettings.Agent(TestSettings.For(sink.Port)).DeliverAsync(request, CancellationToken.None);

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, outcome =>
        {
            Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
            Assert.Equal("4.4.2", outcome.Dsn);
            Assert.Equal("lost connection with 127.0.0.1[127.0.0.1] while sending end of data -- message may be sent more than once", outcome.Reason);
        });
    }
}
