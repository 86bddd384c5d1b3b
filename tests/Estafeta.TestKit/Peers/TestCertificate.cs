using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Estafeta.TestKit.Peers;

/// <summary>Self-signed server certificates for test peers.</summary>
public static class TestCertificate
{
    /// <summary>
    /// Writes DIRECTORY/HOSTNAME.crt and .key: RSA 2048, CN and DNS name HOSTNAME plus IP 127.0.0.1, valid from yesterday
    /// for 30 days. It is marked as a CA so the same .crt can serve as the CA file of a client that verifies it.
    /// </summary>
    public static PemCertificateFiles WriteSelfSigned(string directory, string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var files = new PemCertificateFiles(Path.Combine(directory, $"{hostName}.crt"), Path.Combine(directory, $"{hostName}.key"));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
