using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Daemon;

/// <summary>
/// The process's signals, as Postfix's master reads them: SIGTERM or SIGINT stop gracefully,
/// SIGHUP reloads the configuration (and reopens the log file). Replaces the generic host's
/// ConsoleLifetime, which knows nothing of SIGHUP.
/// </summary>
internal sealed class MasterLifetime(
    IHostApplicationLifetime applicationLifetime,
    MasterDaemon daemon,
    ILoggerFactory loggerFactory) : IHostLifetime, IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("master");
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Terminate));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Terminate));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, Reload));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Terminate(PosixSignalContext context)
    {
        // Cancel the runtime's default (immediate exit): the host stops in order and Main returns 0.
        context.Cancel = true;
        MasterLog.Terminating(_logger, context.Signal == PosixSignal.SIGINT ? 2 : 15);
        applicationLifetime.StopApplication();
    }

    private void Reload(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = Task.Run(daemon.ReloadAsync);
    }
}
