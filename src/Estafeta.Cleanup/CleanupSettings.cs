namespace Estafeta.Cleanup;

/// <summary>The main.cf parameters Cleanup uses (Postfix names and defaults); the host maps them.</summary>
public sealed record CleanupSettings
{
    /// <summary>myhostname: the "by" host of Received: and the domain of added Message-IDs.</summary>
    public required string MyHostname { get; init; }

    /// <summary>mail_name: shown in Received: ("by host (MAIL_NAME)").</summary>
    public string MailName { get; init; } = "Estafeta";

    /// <summary>hopcount_limit: more Received: headers than this → 554 5.4.0 Error: too many hops.</summary>
    public int HopcountLimit { get; init; } = 50;

    /// <summary>line_length_limit: longer lines are stored in pieces of this size (and rebuilt on delivery).</summary>
    public int LineLengthLimit { get; init; } = 2048;

    /// <summary>header_size_limit: the most bytes kept of one (folded) header; the excess is discarded.</summary>
    public int HeaderSizeLimit { get; init; } = 102400;

    /// <summary>message_size_limit (0 = none): content beyond it is not stored and the commit replies 552 5.3.4.</summary>
    public long MessageSizeLimit { get; init; } = 10240000;

    /// <summary>queue_minfree: free bytes the queue file system must keep.</summary>
    public long QueueMinFree { get; init; }

    /// <summary>always_add_missing_headers: add From: (like Message-ID: and Date:) to mail from
    /// every client, not only to local submissions.</summary>
    public bool AlwaysAddMissingHeaders { get; init; }
}
