using System.Net;
using Estafeta.Config;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Listening;

/// <summary>
/// All listening sockets of the daemon, one per (inet service, address). Binds them at start (any
/// failure is fatal), re-applies master.cf on reload (keeps sockets that stay, opens new ones, closes
/// the ones gone), and stops them gracefully.
/// </summary>
internal sealed partial class ListenerSet(
    ConfigurationSource source,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    TimeProvider time) : IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("master");
    private readonly SessionTracker _sessions = new(loggerFactory.CreateLogger("master"));
    private readonly Lock _lock = new();
    private List<ServiceListener> _listeners = [];
    private bool _started;

    public IReadOnlyList<ServiceListener> Listeners
    {
        get
        {
            lock (_lock)
            {
                return [.. _listeners];
            }
        }
    }

    public int ActiveSessions => _sessions.ActiveCount;

    /// <exception cref="ListenerException">An address cannot be bound; nothing stays bound then.</exception>
    public void BindAll(LoadedConfiguration configuration)
    {
        var bound = new List<ServiceListener>();
        try
        {
            foreach (var service in source.InetServices(configuration))
            {
                var effective = EffectiveConfig(configuration.Main, service);
                var handler = ConnectionHandlerFactory.Create(service, effective, services);
                foreach (var endpoint in ListenAddressResolver.Resolve(service, effective))
                {
                    bound.Add(ServiceListener.Bind(service, endpoint, handler, _logger, time));
                }
            }
        }
        catch
        {
            foreach (var listener in bound)
            {
                listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        lock (_lock)
        {
            _listeners = bound;
        }
    }

    public void StartAll()
    {
        lock (_lock)
        {
            _started = true;
            foreach (var listener in _listeners)
            {
                listener.Start(_sessions);
            }
        }
    }

    /// <summary>
    /// Applies a reloaded configuration. A service whose address stays gets the new handler (later
    /// connections see the new settings) and keeps its socket; an address that cannot be bound is
    /// logged and skipped, as Postfix's master does on reload.
    /// </summary>
    public async Task ApplyAsync(LoadedConfiguration configuration)
    {
        List<ServiceListener> current;
        lock (_lock)
        {
            current = _listeners;
        }

        var next = new List<ServiceListener>();
        var kept = new HashSet<ServiceListener>();
        // Build every handler before binding anything: a service that cannot be built (a missing table)
        // then leaves the listeners in force untouched.
        var prepared = source.InetServices(configuration)
            .Select(service =>
            {
                var effective = EffectiveConfig(configuration.Main, service);
                return (service, effective, handler: ConnectionHandlerFactory.Create(service, effective, services));
            })
            .ToList();
        foreach (var (service, effective, handler) in prepared)
        {
            IReadOnlyList<IPEndPoint> endpoints;
            try
            {
                endpoints = ListenAddressResolver.Resolve(service, effective);
            }
            catch (ListenerException e)
            {
                LogListenerProblem(_logger, e.Message);
                continue;
            }

            foreach (var endpoint in endpoints)
            {
                var existing = current.Find(l => l.Service.Name == service.Name && l.ConfiguredEndPoint.Equals(endpoint) && !kept.Contains(l));
                if (existing is not null)
                {
                    existing.Replace(service, handler);
                    kept.Add(existing);
                    next.Add(existing);
                    continue;
                }

                try
                {
                    var listener = ServiceListener.Bind(service, endpoint, handler, _logger, time);
                    next.Add(listener);
                }
                catch (ListenerException e)
                {
                    LogListenerProblem(_logger, e.Message);
                }
            }
        }

        lock (_lock)
        {
            _listeners = next;
            if (_started)
            {
                foreach (var listener in next.Where(l => !kept.Contains(l)))
                {
                    listener.Start(_sessions);
                }
            }
        }

        foreach (var gone in current.Where(l => !kept.Contains(l)))
        {
            await gone.DisposeAsync();
        }
    }

    /// <summary>Stops accepting, lets sessions finish for up to <paramref name="grace"/>, then cancels them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        List<ServiceListener> listeners;
        lock (_lock)
        {
            listeners = _listeners;
            _listeners = [];
        }

        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }

        await _sessions.DrainAsync(grace, time);
    }

    /// <summary>Closes whatever is still open, without a grace period (the graceful path is <see cref="StopAsync"/>).</summary>
    public void Dispose()
    {
        StopAsync(TimeSpan.Zero).GetAwaiter().GetResult();
        _sessions.Dispose();
    }

    private static MainConfig EffectiveConfig(MainConfig main, MasterService service) =>
        service.Overrides.Count == 0 ? main : main.WithOverrides(service.Overrides, service.SourceFile);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogListenerProblem(ILogger logger, string problem);
}
