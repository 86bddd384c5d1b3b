using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Estafeta.Smtpd;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>Certificate problems stop the start with the file's name; the embedded default makes its own certificate.</summary>
public sealed class TlsStartupTests
{
    private static async Task<string> FatalLineAsync(SubmissionSetup setup, string extraMainCf)
    {
        setup.WriteConfig(extraMainCf);
        var result = await EstafetaProcess.RunToExitAsync(["run", "-c", setup.Directory.Config], setup.Directory.State);
        Assert.Equal(1, result.ExitCode);
        return Assert.Single(result.StandardError, line => line.StartsWith("estafeta: fatal: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_is_fatal_at_start_naming_the_file()
    {
        using var setup = new SubmissionSetup();
        var other = Path.Combine(setup.Directory.Root, "other");
        SelfSignedCertificate.Create(other, "other.example", TimeProvider.System);

        var line = await FatalLineAsync(setup, $"smtpd_tls_key_file = {other}/key.pem\n");

        Assert.StartsWith($"estafeta: fatal: {setup.TlsDirectory}/cert.pem: ", line, StringComparison.Ordinal);
        Assert.Contains($"{other}/key.pem", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_certificate_file_is_fatal_at_start_naming_it()
    {
        using var setup = new SubmissionSetup();
        var missing = Path.Combine(setup.Directory.Root, "nowhere", "cert.pem");

        var line = await FatalLineAsync(setup, $"smtpd_tls_cert_file = {missing}\nsmtpd_tls_key_file = {missing}\n");

        Assert.StartsWith($"estafeta: fatal: {missing}: cannot read the file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_is_fatal_at_start_naming_it()
    {
        using var setup = new SubmissionSetup();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var expired = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddDays(-1));
        var certFile = Path.Combine(setup.Directory.Root, "expired.pem");
        File.WriteAllText(certFile, key.ExportPkcs8PrivateKeyPem() + "\n" + expired.ExportCertificatePem() + "\n");

        var line = await FatalLineAsync(setup, $"smtpd_tls_cert_file = {certFile}\nsmtpd_tls_key_file = {certFile}\n");

        Assert.StartsWith($"estafeta: fatal: {certFile}: the certificate expired on ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_default_makes_a_self_signed_certificate_and_offers_starttls()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);

        var certFile = Path.Combine(dir.State, "tls", "cert.pem");
        Assert.True(File.Exists(certFile));
        Assert.True(File.Exists(Path.Combine(dir.State, "tls", "key.pem")));
        await estafeta.WaitForLogLineAsync(line => line.Contains($"created a self-signed TLS certificate for ", StringComparison.Ordinal)
            && line.Contains(certFile, StringComparison.Ordinal), EstafetaProcess.DefaultTimeout);
        using var client = await TlsLineClient.ConnectAsync(estafeta.Port);
        await client.SecureAsync();
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<x@localhost>"));
    }
}
