using System.Collections.Concurrent;
using Estafeta.Delivery;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.QueueManager;

/// <summary>What every delivery pass shares: the queue, the settings, the agents and the limits.</summary>
internal sealed class QueueManagerContext(
    QueueStore store,
    QueueManagerSettings settings,
    IReadOnlyDictionary<string, IDeliveryAgent> agents,
    Resolver resolver,
    BounceNotifier notifier,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, ILogger> _transportLoggers = new(StringComparer.Ordinal);

    public QueueStore Store => store;

    public QueueManagerSettings Settings => settings;

    public IReadOnlyDictionary<string, IDeliveryAgent> Agents => agents;

    public Resolver Resolver => resolver;

    public BounceNotifier Notifier => notifier;

    public TimeProvider Time => time;

    public ILogger QmgrLogger { get; } = loggerFactory.CreateLogger("qmgr");

    public ConcurrencyLimits Limits { get; } = new(settings);

    public DeadDestinations DeadDestinations { get; } = new(time, settings.DeadDestinationTime);

    /// <summary>Delivery lines carry the agent's name, as Postfix's "postfix/local" and "postfix/smtp" do.</summary>
    public ILogger TransportLogger(string transport) => _transportLoggers.GetOrAdd(transport, loggerFactory.CreateLogger);

    /// <summary>Postfix's qmgr backoff: the message's age, clamped to [minimal_backoff_time, maximal_backoff_time],
    /// so the wait doubles as the message gets older (300, 300, 600, 1200, 2400, 4000 s ...).</summary>
    public TimeSpan Backoff(DateTimeOffset arrival)
    {
        var age = time.GetUtcNow() - arrival;
        return age < settings.MinimalBackoffTime ? settings.MinimalBackoffTime
            : age > settings.MaximalBackoffTime ? settings.MaximalBackoffTime
            : age;
    }
}
