// The server's TLS material, loaded and checked once at start (and on reload): certificate and key
// (smtpd_tls_cert_file/key_file, or smtpd_tls_chain_files), the protocol versions, the handshake options.
// Trusts: the files root configured. Must never: start with a certificate that cannot serve a handshake
// (missing, unreadable, key mismatch, expired): that is a fatal error naming the file, not a failure later.
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Estafeta.Smtpd;

/// <summary>Certificate, chain and protocols for SslStream.AuthenticateAsServerAsync.</summary>
public sealed class ServerTls
{
    private readonly SslStreamCertificateContext _context;

    private ServerTls(X509Certificate2 certificate, X509Certificate2Collection chain, SslProtocols protocols, string certificateFile)
    {
        Certificate = certificate;
        Protocols = protocols;
        CertificateFile = certificateFile;
        _context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    public X509Certificate2 Certificate { get; }

    public SslProtocols Protocols { get; }

    /// <summary>The file the certificate came from (for log lines).</summary>
    public string CertificateFile { get; }

    /// <summary>Loads and checks the material. With chain files, the first one is used (key first, then the
    /// certificate and its chain, as Postfix's smtpd_tls_chain_files); otherwise cert file and key file.</summary>
    /// <exception cref="TlsConfigurationException">A file is missing, unreadable or wrong; the message names it.</exception>
    public static ServerTls Load(string certFile, string keyFile, IReadOnlyList<string> chainFiles, string protocols, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chainFiles);
        SslProtocols parsedProtocols;
        try
        {
            parsedProtocols = TlsProtocolList.Parse(protocols);
        }
        catch (ArgumentException e)
        {
            throw new TlsConfigurationException("smtpd_tls_protocols", e.Message, e);
        }

        if (chainFiles.Count > 0)
        {
            certFile = keyFile = chainFiles[0];
        }

        if (string.IsNullOrEmpty(certFile))
        {
            throw new TlsConfigurationException("smtpd_tls_cert_file", "no certificate file is set (needed for smtpd_tls_security_level or smtpd_tls_wrappermode)");
        }

        keyFile = string.IsNullOrEmpty(keyFile) ? certFile : keyFile;
        CheckReadable(certFile);
        CheckReadable(keyFile);

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TlsConfigurationException(certFile, $"cannot use this certificate with the key in {keyFile} (not PEM, or the key does not match): {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new TlsConfigurationException(keyFile, "no private key for the certificate");
        }

        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            throw new TlsConfigurationException(certFile, $"the certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC");
        }

        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPemFile(certFile);
        }
        catch (CryptographicException e)
        {
            throw new TlsConfigurationException(certFile, $"cannot read the certificate chain: {e.Message}", e);
        }

        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain)
        {
            if (extra.Thumbprint != certificate.Thumbprint)
            {
                intermediates.Add(extra);
            }
        }

        return new ServerTls(certificate, intermediates, parsedProtocols, certFile);
    }

    /// <summary>Options for one handshake (no client certificate is asked for: "Anonymous" in the log).</summary>
    public SslServerAuthenticationOptions Options() => new()
    {
        ServerCertificateContext = _context,
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ApplicationProtocols = null,
    };

    private static void CheckReadable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsConfigurationException(path, $"cannot read the file: {e.Message}", e);
        }
    }
}
