namespace Estafeta.Delivery.Local;

/// <summary>The result of one target (one mailbox, file, command or forward) before it is folded into the recipient's outcome.</summary>
internal sealed record TargetResult(DeliveryStatus Status, string Dsn, string Reason)
{
    public string? ForwardedAs { get; init; }

    /// <summary>The final address this result is for (the log's to=), when known.</summary>
    public string? Address { get; init; }

    public static TargetResult Sent(string reason) => new(DeliveryStatus.Sent, "2.0.0", reason);

    public static TargetResult Defer(string dsn, string reason) => new(DeliveryStatus.Deferred, dsn, reason);

    public static TargetResult Bounce(string dsn, string reason) => new(DeliveryStatus.Bounced, dsn, reason);
}
