// The delivery half of the daemon: the queue manager, its transports and pickup, built from master.cf as Postfix's
// master would start them (qmgr, pickup, and one transport per unix service running local, smtp, error or discard).
// Trusts: the queue was recovered before any of this starts. Must never: run two queue managers on one queue, or
// leave a message outside the queue while it restarts (a stop cancels deliveries; their files stay in active/).
using Estafeta.Aliases;
using Estafeta.Cleanup;
using Estafeta.Config;
using Estafeta.Delivery;
using Estafeta.Delivery.Local;
using Estafeta.Delivery.Smtp;
using Estafeta.Host.Listening;
using Estafeta.Pickup;
using Estafeta.Policy;
using Estafeta.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Daemon;

/// <summary>Starts the queue manager and pickup with the configuration in force, and restarts them on reload.</summary>
internal sealed class DeliveryHost(
    CurrentConfiguration current,
    QueueStore store,
    ICleanupService cleanup,
    QueueTrigger trigger,
    ListenerSet listeners,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("master");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Running? _running;
    private int _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _running = await StartRunningAsync(current.Value, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_running is { } running)
            {
                _running = null;
                await running.StopAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SIGHUP: builds the new transports first (a bad table leaves the old ones running), then swaps.</summary>
    /// <exception cref="ConfigException">The new configuration cannot be applied.</exception>
    public async Task ReloadAsync(LoadedConfiguration fresh)
    {
        await _gate.WaitAsync();
        try
        {
            var parts = Build(fresh);
            if (_running is { } old)
            {
                _running = null;
                await old.StopAsync(CancellationToken.None);
            }

            _running = await StartPartsAsync(parts, CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The container may dispose a service registered twice (singleton and hosted) twice: only the first counts.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync(CancellationToken.None);
        }
    }

    private async Task<Running?> StartRunningAsync(LoadedConfiguration configuration, CancellationToken cancellationToken) =>
        await StartPartsAsync(Build(configuration), cancellationToken);

    private async Task<Running?> StartPartsAsync(Parts? parts, CancellationToken cancellationToken)
    {
        if (parts is null)
        {
            trigger.Target = null;
            return null;
        }

        await parts.Manager.StartAsync(cancellationToken);
        trigger.Target = parts.Manager.Wake;
        PickupRun? pickup = null;
        if (parts.Pickup is { } service)
        {
            var stopping = new CancellationTokenSource();
            pickup = new PickupRun(Task.Run(() => service.RunAsync(stopping.Token), CancellationToken.None), stopping);
        }

        return new Running(parts.Manager, pickup, trigger);
    }

    /// <summary>Everything master.cf asks for, or null when it has no qmgr service (mail is queued, not delivered).</summary>
    private Parts? Build(LoadedConfiguration configuration)
    {
        var main = configuration.Main;
        var services = configuration.Master.Services.Where(s => !s.IsInet).ToList();
        if (!services.Any(s => s.Command == "qmgr"))
        {
            MasterLog.NoQueueManager(_logger);
            return null;
        }

        var domains = new DomainClassifier(SettingsMapping.Policy(main));
        var settings = SettingsMapping.QueueManager(main, domains);
        QueueManager.QueueManager? manager = null;
        var injector = new QueueManager.QueueInjector(store, () => manager?.Wake(), settings.LineLengthLimit);
        var agents = new Dictionary<string, IDeliveryAgent>(StringComparer.Ordinal);
        LocalDeliveryAgent? local = null;
        SmtpDeliveryAgent? smtp = null;
        foreach (var service in services)
        {
            switch (service.Command)
            {
                case "local":
                    local ??= new LocalDeliveryAgent(
                        SettingsMapping.LocalDelivery(main),
                        new LocalExpander(SettingsMapping.LocalExpansion(main), domains.IsLocal, loggerFactory),
                        injector,
                        timeProvider,
                        loggerFactory);
                    agents[service.Name] = local;
                    break;
                case "smtp":
                    smtp ??= new SmtpDeliveryAgent(
                        SettingsMapping.SmtpClient(main, [.. listeners.Listeners.Select(l => l.BoundEndPoint)]),
                        timeProvider,
                        loggerFactory);
                    agents[service.Name] = smtp;
                    break;
                default:
                    // error, discard (built into the queue manager) and Postfix's internal services (cleanup, bounce,
                    // pickup, qmgr, ...) need no agent here.
                    break;
            }
        }

        manager = new QueueManager.QueueManager(store, settings, agents, loggerFactory, injector);
        var pickup = services.Any(s => s.Command == "pickup") && cleanup is ILocalCleanupService localCleanup
            ? new PickupService(
                SettingsMapping.Pickup(main),
                localCleanup,
                timeProvider,
                loggerFactory,
                _ => { manager.Flush(); return Task.CompletedTask; })
            : null;
        return new Parts(manager, pickup);
    }

    private sealed record Parts(QueueManager.QueueManager Manager, PickupService? Pickup);

    private sealed record PickupRun(Task Loop, CancellationTokenSource Stopping);

    private sealed record Running(QueueManager.QueueManager Manager, PickupRun? Pickup, QueueTrigger Trigger)
    {
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            Trigger.Target = null;
            if (Pickup is { } pickup)
            {
                await pickup.Stopping.CancelAsync();
                try
                {
                    await pickup.Loop;
                }
                catch (OperationCanceledException)
                {
                }

                pickup.Stopping.Dispose();
            }

            await Manager.StopAsync(cancellationToken);
            await Manager.DisposeAsync();
        }
    }
}

/// <summary>Where a committed message rings: the running queue manager's Wake, or nothing while none runs.</summary>
internal sealed class QueueTrigger
{
    private volatile Action? _target;

    public Action? Target
    {
        get => _target;
        set => _target = value;
    }

    public void Wake() => _target?.Invoke();
}
