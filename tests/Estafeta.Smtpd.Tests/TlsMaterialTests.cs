using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Estafeta.Smtpd.Tests;

public sealed class TlsMaterialTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData(">=TLSv1.2", SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData(">=TLSv1", SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2", SslProtocols.Tls13)]
    [InlineData("TLSv1.2", SslProtocols.Tls12)]
    [InlineData("<=TLSv1.2", SslProtocols.Tls12)]
    [InlineData("", SslProtocols.Tls12 | SslProtocols.Tls13)]
    public void Protocol_lists_as_postfix_spells_them(string text, SslProtocols expected)
    {
        Assert.Equal(expected, TlsProtocolList.Parse(text));
    }

    [Theory]
    [InlineData("TLSv1.1")]
    [InlineData("<=TLSv1.1")]
    [InlineData("TLSv9")]
    public void Lists_without_tls_1_2_or_1_3_or_with_unknown_names_are_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => TlsProtocolList.Parse(text));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_self_signed_certificate_loads_and_names_the_host()
    {
        using var dir = new Estafeta.TestKit.TempDirectory();
        var (certFile, keyFile, created) = SelfSignedCertificate.EnsureExists(dir.Path, "mail.example.org");
        var (_, _, again) = SelfSignedCertificate.EnsureExists(dir.Path, "other.example.org");

        var tls = ServerTls.Load(certFile, keyFile, [], ">=TLSv1.2", Now);

        Assert.True(created);
        Assert.False(again);
        Assert.Equal("CN=mail.example.org", tls.Certificate.Subject);
        Assert.Contains("names: mail.example.org, localhost", SelfSignedCertificate.Describe(tls.Certificate), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public void A_key_that_does_not_match_is_an_error_naming_the_certificate()
    {
        using var dir = new Estafeta.TestKit.TempDirectory();
        var first = Directory.CreateDirectory(Path.Combine(dir.Path, "a")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(dir.Path, "b")).FullName;
        SelfSignedCertificate.Create(first, "a.example", TimeProvider.System);
        SelfSignedCertificate.Create(second, "b.example", TimeProvider.System);

        var error = Assert.Throws<TlsConfigurationException>(() =>
            ServerTls.Load(Path.Combine(first, "cert.pem"), Path.Combine(second, "key.pem"), [], ">=TLSv1.2", Now));

        Assert.Equal(Path.Combine(first, "cert.pem"), error.File);
        Assert.Contains(Path.Combine(second, "key.pem"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        using var dir = new Estafeta.TestKit.TempDirectory();
        SelfSignedCertificate.Create(dir.Path, "a.example", TimeProvider.System);
        var missing = Path.Combine(dir.Path, "nokey.pem");

        var error = Assert.Throws<TlsConfigurationException>(() => ServerTls.Load(Path.Combine(dir.Path, "cert.pem"), missing, [], ">=TLSv1.2", Now));

        Assert.Equal(missing, error.File);
    }

    [Fact]
    public void An_expired_certificate_is_an_error_naming_it()
    {
        using var dir = new Estafeta.TestKit.TempDirectory();
        var (certFile, keyFile) = WriteExpired(dir.Path);

        var error = Assert.Throws<TlsConfigurationException>(() => ServerTls.Load(certFile, keyFile, [], ">=TLSv1.2", Now));

        Assert.Equal(certFile, error.File);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_file_with_key_then_certificate_is_used_before_cert_file()
    {
        using var dir = new Estafeta.TestKit.TempDirectory();
        SelfSignedCertificate.Create(dir.Path, "chain.example", TimeProvider.System);
        var chain = Path.Combine(dir.Path, "chain.pem");
        File.WriteAllText(chain, File.ReadAllText(Path.Combine(dir.Path, "key.pem")) + File.ReadAllText(Path.Combine(dir.Path, "cert.pem")));

        var tls = ServerTls.Load("/nonexistent/cert.pem", string.Empty, [chain], ">=TLSv1.2", Now);

        Assert.Equal("CN=chain.example", tls.Certificate.Subject);
    }

    internal static (string CertFile, string KeyFile) WriteExpired(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=old.example", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(Now.AddYears(-2), Now.AddYears(-1));
        var certFile = Path.Combine(directory, "old-cert.pem");
        var keyFile = Path.Combine(directory, "old-key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}
