using Estafeta.TestKit.Dns;
using Estafeta.TestKit.Peers;
using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>STARTTLS and relayhost AUTH against Python's aiosmtpd on loopback.</summary>
public sealed class TlsAndAuthTests : IDisposable
{
    private const string Password = "s3cret-Pa55";
    private readonly TempDirectory _directory = new();
    private readonly CapturingLoggerFactory _logs = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UsesStartTlsWhenOfferedAndLogsTheConnectionAsPostfixDoes()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { Certificate = TestCertificate.WriteSelfSigned(_directory.Path, "peer.test") });
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(peer.Port), _logs).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("250 2.0.0 Ok: queued as PY0000", outcome.Reason);
        var (content, meta) = Assert.Single(peer.Received());
        Assert.True(meta.GetProperty("tls").GetBoolean());
        Assert.Equal(TestMessages.Expected(), content);
        Assert.Contains(_logs.Lines, l => l.Category == "smtp" && l.Level == LogLevel.Information
            && l.Text.StartsWith($"Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:{peer.Port}: TLSv1.", StringComparison.Ordinal)
            && l.Text.Contains(" with cipher ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAcceptsACertificateFromTheCAFileForTheMxName()
    {
        var pem = TestCertificate.WriteSelfSigned(_directory.Path, "peer.test");
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { Certificate = pem });
        await using var dns = new TestDnsServer(new TestDnsZone().A("peer.test", "127.0.0.1"));
        var settings = TestSettings.For(peer.Port, dns.Address) with { TlsSecurityLevel = SmtpTlsSecurityLevel.Verify, TlsCAFile = pem.CertificatePath };
        var request = TestMessages.Create(_directory.Path, $"[peer.test]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings, _logs).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Contains(_logs.Lines, l => l.Text.StartsWith($"Verified TLS connection established to peer.test[127.0.0.1]:{peer.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyRefusesACertificateItCannotTrust()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { Certificate = TestCertificate.WriteSelfSigned(_directory.Path, "peer.test") });
        var otherCa = TestCertificate.WriteSelfSigned(_directory.Path, "other.test");
        var settings = TestSettings.For(peer.Port) with { TlsSecurityLevel = SmtpTlsSecurityLevel.Verify, TlsCAFile = otherCa.CertificatePath };
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.7.5", outcome.Dsn);
        Assert.Equal("Server certificate not trusted", outcome.Reason);
        Assert.Empty(peer.Received());
    }

    [Fact]
    public async Task EncryptDefersWhenTheServerDoesNotOfferStartTls()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path);
        var settings = TestSettings.For(peer.Port) with { TlsSecurityLevel = SmtpTlsSecurityLevel.Encrypt };
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.7.4", outcome.Dsn);
        Assert.Equal("TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]", outcome.Reason);
        Assert.Empty(peer.Received());
    }

    [Fact]
    public async Task AuthenticatesToARelayhostThatRequiresIt()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { Certificate = TestCertificate.WriteSelfSigned(_directory.Path, "peer.test"), User = "jose", Password = Password, RequireStartTls = true });
        var settings = AuthSettings(peer.Port, Password);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings, _logs).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        var (_, meta) = Assert.Single(peer.Received());
        Assert.Equal("jose", meta.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task AWrongPasswordDefersWithTheServersReplyAndThePasswordNowhere()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { Certificate = TestCertificate.WriteSelfSigned(_directory.Path, "peer.test"), User = "jose", Password = Password, RequireStartTls = true });
        const string wrong = "wr0ng-Secret-42";
        var settings = AuthSettings(peer.Port, wrong);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings, _logs).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.StartsWith("SASL authentication failed; server 127.0.0.1[127.0.0.1] said: 535 5.7.8 ", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("4.7.8", outcome.Dsn);
        Assert.Empty(peer.Received());
        var everything = string.Join('\n', _logs.Lines.Select(l => l.Text)) + outcome;
        Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("\0jose\0wr0ng-Secret-42"u8.ToArray()), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPlaintextPasswordWithoutTlsByDefault()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { User = "jose", Password = Password });
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(AuthSettings(peer.Port, Password)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("SASL authentication failed; cannot authenticate to server 127.0.0.1[127.0.0.1]: no mechanism available", outcome.Reason);
        Assert.Empty(peer.Received());
    }

    [Fact]
    public async Task PlaintextAuthWhenTheSecurityOptionsAllowIt()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { User = "jose", Password = Password });
        var settings = AuthSettings(peer.Port, Password) with { SaslSecurityOptions = "noanonymous" };
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(settings).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("jose", Assert.Single(peer.Received()).Meta.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task AMessageTooBigForTheServersSizeBouncesWithoutTrying()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path, new() { SizeLimit = 100 });
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"]);

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(peer.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.3.4", outcome.Dsn);
        Assert.Equal($"message size {request.ContentSize} exceeds size limit 100 of server 127.0.0.1[127.0.0.1]", outcome.Reason);
        Assert.Empty(peer.Received());
    }

    [Fact]
    public async Task AnSmtpUtf8MessageToAServerWithoutSmtpUtf8Bounces()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["añá@remote.test"], adjust: r => r with { SmtpUtf8 = true });

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(peer.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.6.7", outcome.Dsn);
        Assert.Equal("SMTPUTF8 is required, but was not offered by host 127.0.0.1[127.0.0.1]", outcome.Reason);
    }

    [Fact]
    public async Task AnAsciiOnlyMessageThatAskedForSmtpUtf8GoesToAServerWithoutIt()
    {
        using var peer = AiosmtpdPeer.Start(_directory.Path);
        var request = TestMessages.Create(_directory.Path, $"[127.0.0.1]:{peer.Port}", ["ana@remote.test"], adjust: r => r with { SmtpUtf8 = true });

        var outcome = Assert.Single(await TestSettings.Agent(TestSettings.For(peer.Port)).DeliverAsync(request, CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Single(peer.Received());
    }

    private SmtpClientSettings AuthSettings(int port, string password)
    {
        var map = Path.Combine(_directory.Path, "sasl_passwd");
        File.WriteAllText(map, $"[127.0.0.1]:{port} jose:{password}\n");
        return TestSettings.For(port) with { SaslAuthEnable = true, SaslPasswordMaps = [$"hash:{map}"] };
    }
}
