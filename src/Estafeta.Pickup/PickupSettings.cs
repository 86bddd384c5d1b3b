namespace Estafeta.Pickup;

/// <summary>The main.cf parameters the pickup service uses (Postfix names and defaults); the host maps them.</summary>
public sealed record PickupSettings
{
    /// <summary>queue_directory: holds maildrop/, public/pickup and corrupt/.</summary>
    public required string QueueDirectory { get; init; }

    /// <summary>myorigin: appended to a sender or recipient without a domain ("alumno" → "alumno@myorigin").</summary>
    public required string MyOrigin { get; init; }

    /// <summary>message_size_limit (0 = none): a drop file with more content is not injected (moved to corrupt/).</summary>
    public long MessageSizeLimit { get; init; } = 10240000;

    /// <summary>How often maildrop is scanned without a trigger: Postfix's master.cf wakeup time for pickup (60 s).</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A "tmp.*" file (a sendmail that died half way) older than this is removed.</summary>
    public TimeSpan StaleTemporaryAge { get; init; } = TimeSpan.FromDays(1);
}
