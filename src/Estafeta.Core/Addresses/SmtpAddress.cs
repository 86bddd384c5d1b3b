// An RFC 5321 mailbox as a typed value: parsed once from the wire, then only read.
// Trusts: nothing; every path from a client goes through TryParse, which fails closed.
// Must never: hold CR, LF, NUL or other control characters, or a domain that is not lower case.
using System.Net;
using System.Text;

namespace Estafeta.Core.Addresses;

/// <summary>
/// A mailbox from a MAIL FROM / RCPT TO path: the local part (dequoted), the domain (lower case,
/// without a trailing dot; empty when the path had none) and, for an address literal, its IP address.
/// Source routes (<c>@a,@b:user@d</c>) are dropped, as RFC 5321 §3.6.1 and Postfix do.
/// </summary>
public sealed record SmtpAddress
{
    public const int MaxLocalPartLength = 64;
    public const int MaxDomainLength = 255;
    public const int MaxPathLength = 256;

    /// <summary>The null reverse path &lt;&gt;.</summary>
    public static readonly SmtpAddress Null = new(string.Empty, string.Empty, null);

    internal SmtpAddress(string localPart, string domain, IPAddress? domainLiteral)
    {
        LocalPart = localPart;
        Domain = domain;
        DomainLiteral = domainLiteral;
    }

    /// <summary>The local part with quotes and quoted-pairs removed: <c>"a\"b"</c> is <c>a"b</c>.</summary>
    public string LocalPart { get; }

    /// <summary>Lower case, no trailing dot; "[192.0.2.1]" or "[ipv6:...]" for literals; empty when absent.</summary>
    public string Domain { get; }

    /// <summary>The address of a literal domain, else null.</summary>
    public IPAddress? DomainLiteral { get; }

    public bool IsNull => LocalPart.Length == 0 && Domain.Length == 0;

    public bool HasDomain => Domain.Length > 0;

    /// <summary>True when the address needs SMTPUTF8 to be sent on.</summary>
    public bool IsAscii => Ascii.IsValid(LocalPart) && Ascii.IsValid(Domain);

    /// <summary>Parses a path, with or without angle brackets. Fails closed on anything not RFC 5321.</summary>
    /// <param name="path">The text after "MAIL FROM:" / "RCPT TO:" up to (not including) ESMTP parameters.</param>
    /// <param name="allowUtf8">True when the client said SMTPUTF8 (RFC 6531 local parts and U-labels).</param>
    public static bool TryParse(string path, bool allowUtf8, out SmtpAddress address, out AddressParseError error)
    {
        ArgumentNullException.ThrowIfNull(path);
        error = SmtpPathParser.Parse(path, allowUtf8, out var parsed);
        address = parsed ?? Null;
        return error == AddressParseError.None;
    }

    /// <summary>Parses a path, throwing <see cref="FormatException"/> when it is not valid (for trusted input).</summary>
    public static SmtpAddress Parse(string path, bool allowUtf8 = true)
    {
        if (!TryParse(path, allowUtf8, out var address, out var error))
        {
            throw new FormatException($"bad address <{path}>: {error}");
        }

        return address;
    }

    /// <summary>The local part as it must be written on the wire: quoted when it is not a dot-string.</summary>
    public string QuotedLocalPart => LocalPartSyntax.IsDotString(LocalPart) ? LocalPart : LocalPartSyntax.Quote(LocalPart);

    /// <summary>"local@domain" (local part quoted when needed), "local" without a domain, "" for the null path.</summary>
    public override string ToString() => HasDomain ? $"{QuotedLocalPart}@{Domain}" : IsNull ? string.Empty : QuotedLocalPart;
}
