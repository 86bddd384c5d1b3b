// The SMTP envelope of one message: what MAIL FROM and RCPT TO said, with their ESMTP parameters.
// Trusts: Smtpd (or sendmail) to have bounded and syntax-checked every value before it lands here.
// Must never: hold CR, LF or NUL in any string (queue records and log lines rely on it).
namespace Estafeta.Core;

/// <summary>BODY= of MAIL FROM (RFC 6152).</summary>
public enum BodyType
{
    Unspecified,
    SevenBit,
    EightBitMime,
    BinaryMime,
}

/// <summary>RET= of MAIL FROM (RFC 3461): what a failure notice carries.</summary>
public enum DsnReturn
{
    Unspecified,
    Full,
    Headers,
}

/// <summary>NOTIFY= of RCPT TO (RFC 3461), as flags.</summary>
[Flags]
public enum DsnNotify
{
    Unspecified = 0,
    Never = 1,
    Success = 2,
    Failure = 4,
    Delay = 8,
}

/// <summary>One recipient with its DSN parameters.</summary>
/// <param name="Address">The address as accepted (no angle brackets), e.g. "user@example.org".</param>
/// <param name="Notify">NOTIFY= flags.</param>
/// <param name="OriginalRecipient">ORCPT= as given ("rfc822;user@example.org"), or null.</param>
public sealed record EnvelopeRecipient(string Address, DsnNotify Notify = DsnNotify.Unspecified, string? OriginalRecipient = null);

/// <summary>The sender, the recipients and the MAIL FROM parameters of one message.</summary>
public sealed record Envelope
{
    /// <summary>The reverse path without angle brackets; empty for the null sender &lt;&gt;.</summary>
    public required string Sender { get; init; }

    public required IReadOnlyList<EnvelopeRecipient> Recipients { get; init; }

    /// <summary>SIZE= as declared by the client, or null.</summary>
    public long? DeclaredSize { get; init; }

    public BodyType Body { get; init; } = BodyType.Unspecified;

    public bool SmtpUtf8 { get; init; }

    public DsnReturn Return { get; init; } = DsnReturn.Unspecified;

    /// <summary>ENVID= (xtext-decoded), or null.</summary>
    public string? EnvelopeId { get; init; }
}
