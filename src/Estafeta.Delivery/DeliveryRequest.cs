using Estafeta.Core;

namespace Estafeta.Delivery;

/// <summary>What the queue manager hands an agent: one message, one transport and next hop, some of its recipients.</summary>
public sealed record DeliveryRequest
{
    public required string QueueId { get; init; }

    /// <summary>The queue file (in active/); the content is read with Estafeta.Queue's QueueFile.Open(path).ReadLines().</summary>
    public required string QueueFilePath { get; init; }

    /// <summary>True when the queue manager checked the file's checksum in this same pass (it opens every file before
    /// it hands it out): the agent may then read just the envelope (QueueFile.OpenEnvelope) instead of hashing the
    /// whole file again. An agent in another process, or any doubt, means false: check it again.</summary>
    public bool ContentVerified { get; init; }

    /// <summary>The transport name as Resolve chose it ("local", "smtp", "relay", "error", "discard").</summary>
    public required string Transport { get; init; }

    /// <summary>The next hop: for local the host name; for smtp a domain ("example.net", MX lookup),
    /// "[host]" or "[host]:port" (no MX lookup), "host:port"; for error the reason text.</summary>
    public required string Nexthop { get; init; }

    /// <summary>The envelope sender; empty for the null sender &lt;&gt;.</summary>
    public required string Sender { get; init; }

    public required DateTimeOffset ArrivalTime { get; init; }

    public required IReadOnlyList<DeliveryRecipient> Recipients { get; init; }

    /// <summary>The content size as queued (lines counted with CRLF).</summary>
    public long ContentSize { get; init; }

    public BodyType Body { get; init; }

    public bool SmtpUtf8 { get; init; }

    public DsnReturn Return { get; init; }

    public string? EnvelopeId { get; init; }

    /// <summary>The client the message came from (for the local agent's environment and for logs).</summary>
    public ClientInfo? Client { get; init; }
}

/// <summary>One recipient of a request.</summary>
/// <param name="QueueIndex">Its position among the queue file's recipients (what the outcome refers to).</param>
/// <param name="Address">The address to deliver to, as resolved (e.g. "user+ext@example.org").</param>
/// <param name="OriginalAddress">The address as received, when Resolve rewrote it (Postfix's orig_to); else null.</param>
/// <param name="Notify">NOTIFY= of RCPT TO.</param>
/// <param name="OriginalRecipient">ORCPT= as given ("rfc822;user@example.org"), or null.</param>
public sealed record DeliveryRecipient(int QueueIndex, string Address, string? OriginalAddress = null, DsnNotify Notify = DsnNotify.Unspecified, string? OriginalRecipient = null);
