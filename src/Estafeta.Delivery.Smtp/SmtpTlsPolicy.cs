using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Estafeta.Delivery.Smtp;

/// <summary>What the handshake learned about the server's certificate.</summary>
internal sealed class TlsPeerCheck
{
    /// <summary>The chain ends at a trusted root (smtp_tls_CAfile, or the system's store when no file is set).</summary>
    public bool Trusted { get; set; }

    /// <summary>Trusted, and the certificate names the host we connected to.</summary>
    public bool Matched { get; set; }

    /// <summary>Postfix's word for the log line: Untrusted, Trusted or Verified.</summary>
    public string Word => Matched ? "Verified" : Trusted ? "Trusted" : "Untrusted";
}

/// <summary>Builds the client side of STARTTLS for one server.</summary>
internal sealed class SmtpTlsPolicy
{
    private readonly X509Certificate2Collection? _roots;

    public SmtpTlsPolicy(SmtpClientSettings settings)
    {
        Level = settings.TlsSecurityLevel;
        if (!string.IsNullOrEmpty(settings.TlsCAFile))
        {
            _roots = [];
            _roots.ImportFromPemFile(settings.TlsCAFile);
        }
    }

    public SmtpTlsSecurityLevel Level { get; }

    /// <summary>Options that accept any certificate during the handshake and record what was true of it: a
    /// verify/secure session then refuses an unverified server with Postfix's text before sending anything.</summary>
    public SslClientAuthenticationOptions Options(SmtpServerAddress server, TlsPeerCheck check) => new()
    {
        TargetHost = IPAddress.TryParse(server.HostName, out _) ? server.Address.ToString() : server.HostName,
        EnabledSslProtocols = SslProtocols.None,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            check.Trusted = certificate is not null && IsTrusted(new X509Certificate2(certificate), chain, errors);
            check.Matched = check.Trusted && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            return true;
        },
    };

    /// <summary>"TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)" as Postfix logs it.</summary>
    public static string Describe(SslStream tls)
    {
        var protocol = tls.SslProtocol switch
        {
            SslProtocols.Tls13 => "TLSv1.3",
            SslProtocols.Tls12 => "TLSv1.2",
            var other => other.ToString(),
        };
        var cipher = tls.NegotiatedCipherSuite.ToString();
        var bits = cipher.Contains("256", StringComparison.Ordinal) || cipher.Contains("CHACHA20", StringComparison.Ordinal) ? 256 : 128;
        return $"{protocol} with cipher {cipher} ({bits}/{bits} bits)";
    }

    private bool IsTrusted(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (_roots is null)
        {
            return (errors & (SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
