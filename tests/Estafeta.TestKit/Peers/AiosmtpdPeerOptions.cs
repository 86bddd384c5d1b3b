namespace Estafeta.TestKit.Peers;

/// <summary>What the aiosmtpd peer offers and requires.</summary>
public sealed record AiosmtpdPeerOptions
{
    /// <summary>aiosmtpd's own default, 32 MiB.</summary>
    public const long DefaultSizeLimit = 33554432;

    /// <summary>The name in the greeting and the EHLO reply.</summary>
    public string HostName { get; init; } = "peer.test";

    /// <summary>The SIZE limit announced in EHLO and enforced on DATA.</summary>
    public long SizeLimit { get; init; } = DefaultSizeLimit;

    /// <summary>Offer STARTTLS with this certificate; null: no STARTTLS.</summary>
    public PemCertificateFiles? Certificate { get; init; }

    /// <summary>Refuse everything but EHLO/STARTTLS/QUIT before TLS (needs <see cref="Certificate"/>).</summary>
    public bool RequireStartTls { get; init; }

    /// <summary>
    /// Require AUTH PLAIN/LOGIN as this user with <see cref="Password"/>; null: no AUTH. With a
    /// <see cref="Certificate"/> AUTH is offered only after STARTTLS, without one it is offered in plaintext.
    /// </summary>
    public string? User { get; init; }

    public string? Password { get; init; }
}
