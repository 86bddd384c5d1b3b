// A self-signed certificate for a host name, so that STARTTLS works out of the box (embedded default) and
// `estafeta tls create` can make one. ECDSA P-256, CN = host, SAN DNS host + localhost, valid 10 years.
// Must never: overwrite an existing key or certificate (EnsureExists keeps what is there), or leave the key
// readable by others (0600).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Estafeta.Smtpd;

/// <summary>Makes and finds the self-signed certificate files (cert.pem, key.pem).</summary>
public static class SelfSignedCertificate
{
    public const string CertificateFileName = "cert.pem";
    public const string KeyFileName = "key.pem";

    /// <summary>Creates DIR/cert.pem and DIR/key.pem unless both exist; returns their paths and whether they were made now.</summary>
    public static (string CertFile, string KeyFile, bool Created) EnsureExists(string directory, string hostName, TimeProvider? time = null)
    {
        var certFile = Path.Combine(directory, CertificateFileName);
        var keyFile = Path.Combine(directory, KeyFileName);
        if (File.Exists(certFile) && File.Exists(keyFile))
        {
            return (certFile, keyFile, false);
        }

        Create(directory, hostName, time ?? TimeProvider.System);
        return (certFile, keyFile, true);
    }

    /// <summary>Writes a new key and certificate into <paramref name="directory"/> (replacing any there).</summary>
    public static X509Certificate2 Create(string directory, string hostName, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(time);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("key files need POSIX file modes");
        }

        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + hostName), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        if (!string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName("localhost");
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        var keyFile = Path.Combine(directory, KeyFileName);
        var temporary = keyFile + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        File.Move(temporary, keyFile, overwrite: true);
        File.WriteAllText(Path.Combine(directory, CertificateFileName), certificate.ExportCertificatePem() + "\n");
        return certificate;
    }

    /// <summary>What `estafeta tls show` prints: subject, names, validity, key, fingerprint.</summary>
    public static string Describe(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        var key = certificate.GetECDsaPublicKey() is { } ec ? $"ECDSA {ec.KeySize} bits"
            : certificate.GetRSAPublicKey() is { } rsa ? $"RSA {rsa.KeySize} bits" : certificate.PublicKey.Oid.FriendlyName ?? "unknown";
        return string.Join('\n',
            $"subject: {certificate.Subject}",
            $"issuer: {certificate.Issuer}{(certificate.Subject == certificate.Issuer ? " (self-signed)" : string.Empty)}",
            $"names: {string.Join(", ", names)}",
            $"not before: {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC",
            $"not after: {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC",
            $"key: {key}",
            $"sha256 fingerprint: {Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256))}");
    }
}
