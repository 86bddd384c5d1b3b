// Who is on the other end of a session, as far as we know it.
// Trusts: the socket's peer address (the kernel's word); the name only after forward confirmation.
// Must never: carry a name that was not forward-confirmed (that is "unknown").
using System.Net;

namespace Estafeta.Core;

/// <summary>The client of one SMTP session (or a local submission), as Postfix identifies it.</summary>
public sealed record ClientInfo
{
    public const string UnknownName = "unknown";

    /// <summary>The peer address; for a local submission (sendmail) it is IPv4 loopback.</summary>
    public required IPAddress Address { get; init; }

    public int Port { get; init; }

    /// <summary>The forward-confirmed reverse name, or "unknown".</summary>
    public string Name { get; init; } = UnknownName;

    /// <summary>The name the reverse lookup gave, confirmed or not; "unknown" when there was none.</summary>
    public string ReverseName { get; init; } = UnknownName;

    /// <summary>The HELO/EHLO argument; null before the client said one.</summary>
    public string? Helo { get; init; }

    /// <summary>"SMTP", "ESMTP", (later "ESMTPS", "ESMTPSA"), or "LOCAL" for sendmail.</summary>
    public string Protocol { get; init; } = "SMTP";

    /// <summary>The SASL login name once AUTH succeeded; null otherwise.</summary>
    public string? SaslUser { get; init; }

    /// <summary>For a local submission: the submitting user's uid (Received: "from userid N").</summary>
    public int? LocalUserId { get; init; }

    /// <summary>Postfix's "NAME[IP]" form used in every log line.</summary>
    public string LogForm => $"{Name}[{AddressText}]";

    /// <summary>The address as Postfix prints it: IPv4-mapped IPv6 addresses shown as IPv4.</summary>
    public string AddressText => (Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address).ToString();
}
