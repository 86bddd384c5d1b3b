namespace Estafeta.Core.Addresses;

/// <summary>Why a path did not parse; Smtpd maps these onto 501/553 replies.</summary>
public enum AddressParseError
{
    None,

    /// <summary>Not an RFC 5321 path (Postfix: "501 5.1.3 Bad recipient address syntax").</summary>
    Syntax,

    /// <summary>Local part longer than 64 octets.</summary>
    LocalPartTooLong,

    /// <summary>Domain longer than 255 octets.</summary>
    DomainTooLong,

    /// <summary>Whole path longer than 256 octets.</summary>
    PathTooLong,

    /// <summary>Non-ASCII octets without SMTPUTF8 (RFC 6531: 553 5.6.7).</summary>
    NonAsciiWithoutSmtpUtf8,
}
