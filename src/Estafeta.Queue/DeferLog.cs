using System.Text.Json.Serialization;

namespace Estafeta.Queue;

/// <summary>What a per-message log entry records about one recipient.</summary>
public enum RecipientLogKind
{
    /// <summary>The last attempt failed temporarily: the reason mailq shows, and the DSN reason if it expires.</summary>
    Deferred,

    /// <summary>Failed for good, marked done in the queue file, its non-delivery notice not yet sent.</summary>
    Bounced,

    /// <summary>Delivered with NOTIFY=SUCCESS, its success notice not yet sent.</summary>
    Delivered,
}

/// <summary>One recipient's last status, as Postfix's bounce/defer logfiles keep it.</summary>
/// <param name="QueueIndex">The recipient's position among the queue file's recipients.</param>
/// <param name="Address">The recipient address (as in the queue file).</param>
/// <param name="Kind">Deferred, Bounced or Delivered.</param>
/// <param name="Dsn">The enhanced status code ("4.4.1").</param>
/// <param name="Reason">The text the log line showed in parentheses.</param>
public sealed record RecipientLogEntry(int QueueIndex, string Address, RecipientLogKind Kind, string Dsn, string Reason)
{
    public string Relay { get; init; } = "none";

    public string? RemoteMta { get; init; }

    public string? DiagnosticCode { get; init; }

    public DateTimeOffset Time { get; init; }
}

/// <summary>The per-message status log (Postfix's defer/ID and bounce/ID in one file, defer/ID here):
/// the last reason per recipient, how many delivery passes ended with mail still pending, and whether
/// the delay warning went out.</summary>
public sealed record DeferLog
{
    public static readonly DeferLog Empty = new();

    public int Attempts { get; init; }

    public bool DelayWarningSent { get; init; }

    public IReadOnlyList<RecipientLogEntry> Recipients { get; init; } = [];
}

[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DeferLog))]
internal sealed partial class DeferLogJsonContext : JsonSerializerContext;
