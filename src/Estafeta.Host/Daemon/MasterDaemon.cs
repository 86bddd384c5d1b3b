// The resident daemon (Postfix's master): owns the listening sockets and the configuration in force.
// Trusts: main.cf/master.cf as parsed by Estafeta.Config. Must never: keep running on a half-applied
// configuration (a reload that fails leaves the old one whole), or drop a session without a grace period.
using Estafeta.Config;
using Estafeta.Host.Listening;
using Estafeta.MailLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Daemon;

/// <summary>Starts and stops the listeners, and re-reads the configuration on SIGHUP.</summary>
internal sealed class MasterDaemon(
    ConfigurationSource source,
    CurrentConfiguration current,
    ListenerSet listeners,
    DeliveryHost delivery,
    MailLogProvider mailLog,
    ILoggerFactory loggerFactory) : IHostedService
{
    /// <summary>How long sessions may go on after SIGTERM before they are cancelled.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger("master");
    private readonly SemaphoreSlim _reloadGate = new(1, 1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listeners.StartAll();
        MasterLog.DaemonStarted(_logger, EstafetaVersion.Number, source.Description);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await listeners.StopAsync(ShutdownGrace);
        MasterLog.Stopped(_logger);
    }

    /// <summary>Logs what the operator should know about the configuration: unknown and not-yet-working parameters.</summary>
    public static void ReportConfiguration(ILogger logger, MainConfig main)
    {
        foreach (var warning in main.Warnings)
        {
            MasterLog.ConfigWarning(logger, warning.ToString());
        }

        foreach (var name in main.SetNames)
        {
            if (ParameterRegistry.TryGet(name, out var definition) && definition is { IsImplemented: false })
            {
                MasterLog.NotImplemented(logger, name, EstafetaVersion.Number);
            }
        }

        // Postfix's default alias_maps names nis:mail.aliases; like a Postfix without a NIS domain,
        // Estafeta carries on with that table finding nothing, and says so.
        foreach (var table in main.GetList("alias_maps").Concat(main.GetList("local_recipient_maps")).Distinct(StringComparer.Ordinal))
        {
            if (table.StartsWith("nis:", StringComparison.OrdinalIgnoreCase))
            {
                MasterLog.NisDisabled(logger, table);
            }
        }
    }

    /// <summary>
    /// SIGHUP: read main.cf and master.cf again. Only when both parse does anything change; then the
    /// log is switched first (so the reload line already carries a new syslog_name), then the listeners.
    /// </summary>
    public async Task ReloadAsync()
    {
        await _reloadGate.WaitAsync();
        try
        {
            LoadedConfiguration fresh;
            try
            {
                fresh = source.Load();
            }
            catch (ConfigException e)
            {
                MasterLog.ReloadFailed(_logger, e.Message);
                return;
            }

            try
            {
                DaemonPaths.From(fresh.Main).Create();
                mailLog.Reconfigure(MailLogSetup.Options(fresh.Main, mailLog.Options.Console));
            }
            catch (IOException e)
            {
                MasterLog.ReloadFailed(_logger, e.Message);
                return;
            }

            try
            {
                await listeners.ApplyAsync(fresh);
            }
            catch (Exception e) when (e is ConfigException or Estafeta.Tables.LookupTableException)
            {
                // A service could not be built (e.g. a table named in main.cf is missing): the
                // listeners that were in force keep serving with their old settings.
                MasterLog.ReloadFailed(_logger, e.Message);
                return;
            }

            try
            {
                await delivery.ReloadAsync(fresh);
            }
            catch (Exception e) when (e is ConfigException or Estafeta.Tables.LookupTableException or IOException)
            {
                // Listeners already run the new settings; delivery keeps the old ones (or, if the new ones failed
                // half way, none until the next reload): say so.
                MasterLog.ReloadFailed(_logger, e.Message);
                return;
            }

            current.Value = fresh;
            ReportConfiguration(_logger, fresh.Main);
            MasterLog.Reloaded(_logger, EstafetaVersion.Number, source.Description);
        }
        finally
        {
            _reloadGate.Release();
        }
    }
}
