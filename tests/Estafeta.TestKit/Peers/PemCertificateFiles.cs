namespace Estafeta.TestKit.Peers;

/// <summary>A certificate and its private key as PEM files (what OpenSSL-based peers and *_CAfile settings take).</summary>
public sealed record PemCertificateFiles(string CertificatePath, string KeyPath);
