namespace Estafeta.Queue;

/// <summary>The queue states a committed message can be in; each is a directory under queue_directory.</summary>
public enum QueueName
{
    Incoming,
    Active,
    Deferred,
    Hold,
    Corrupt,
}

/// <summary>Directory names, as Postfix spells them.</summary>
public static class QueueNames
{
    /// <summary>Where a message is written before it is committed; never read by delivery.</summary>
    public const string Temporary = "tmp";

    /// <summary>The states that hold deliverable (or held) mail, checked by recovery.</summary>
    public static readonly IReadOnlyList<QueueName> Live = [QueueName.Incoming, QueueName.Active, QueueName.Deferred, QueueName.Hold];

    public static string DirectoryName(QueueName name) => name switch
    {
        QueueName.Incoming => "incoming",
        QueueName.Active => "active",
        QueueName.Deferred => "deferred",
        QueueName.Hold => "hold",
        QueueName.Corrupt => "corrupt",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
