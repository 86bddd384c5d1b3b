namespace Estafeta.Pickup;

/// <summary>The main.cf parameters the sendmail command uses (Postfix names and defaults); the host maps them.</summary>
public sealed record SendmailSettings
{
    /// <summary>queue_directory: the drop folder is QUEUE_DIRECTORY/maildrop, the trigger QUEUE_DIRECTORY/public/pickup.</summary>
    public required string QueueDirectory { get; init; }

    /// <summary>message_size_limit (0 = none): a bigger message is refused with "message file too big".</summary>
    public long MessageSizeLimit { get; init; } = 10240000;

    /// <summary>header_size_limit: the most bytes of one header read for sendmail -t (the rest is not parsed).</summary>
    public int HeaderSizeLimit { get; init; } = 102400;
}
