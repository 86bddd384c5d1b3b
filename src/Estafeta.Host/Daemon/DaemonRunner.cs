using Estafeta.Config;
using Estafeta.Host.Commands;
using Estafeta.Host.Listening;
using Estafeta.MailLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Daemon;

/// <summary>
/// `estafeta run` from start to exit, in Postfix's master order: read the configuration, create the
/// state folders, bind every listening socket (any failure: one line, exit 1), open the log, then serve
/// until a signal says stop.
/// </summary>
internal static class DaemonRunner
{
    public static async Task<int> RunAsync(string? configDirectory, IReadOnlyList<string> overrides, string? listen, TextWriter output)
    {
        ConfigurationSource source;
        LoadedConfiguration configuration;
        DaemonPaths paths;
        try
        {
            source = ConfigurationSource.FromCommandLine(configDirectory, overrides, listen);
            configuration = source.Load();
            paths = DaemonPaths.From(configuration.Main);
            paths.Create();
        }
        catch (UsageException e)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }
        catch (ConfigException e)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }
        catch (IOException e)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }

        MailLogProvider mailLog;
        try
        {
            mailLog = new MailLogProvider(MailLogSetup.Options(configuration.Main, Console.Error), TimeProvider.System);
        }
        catch (IOException e)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }

        using (mailLog)
        {
            using var host = BuildHost(source, configuration, mailLog);
            var listeners = host.Services.GetRequiredService<ListenerSet>();
            try
            {
                listeners.BindAll(configuration);
            }
            catch (Exception e) when (e is ListenerException or ConfigException or Estafeta.Tables.LookupTableException)
            {
                return EstafetaCommandLine.Fatal(e.Message);
            }

            var master = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("master");
            MasterDaemon.ReportConfiguration(master, configuration.Main);

            await host.StartAsync();
            await output.WriteLineAsync(StartupLine(listeners, paths, mailLog));
            await output.FlushAsync();
            await host.WaitForShutdownAsync();
            return 0;
        }
    }

    /// <summary>
    /// "estafeta: listening on 127.0.0.1:2525 (smtp); queue /x/queue; mailboxes /x/mail; log /x/log/mail.log":
    /// the one line that tells a newcomer where everything is (and a test which port was bound).
    /// </summary>
    internal static string StartupLine(ListenerSet listeners, DaemonPaths paths, MailLogProvider mailLog)
    {
        var bound = listeners.Listeners;
        var where = bound.Count == 0
            ? "no inet services"
            : string.Join(", ", bound.Select(l => ListenAddressResolver.Describe(l.BoundEndPoint) + " (" + ServiceLabel(l.Service) + ")"));
        return $"estafeta: listening on {where}; queue {paths.QueueDirectory}; mailboxes {paths.MailboxDirectory}; log {mailLog.Destination}";
    }

    /// <summary>"smtp", "submission"; a service named by its address ("127.0.0.1:2525") is shown by its program.</summary>
    private static string ServiceLabel(MasterService service) =>
        service.Name.Contains(':', StringComparison.Ordinal) ? service.Command : service.Name;

    private static IHost BuildHost(ConfigurationSource source, LoadedConfiguration configuration, MailLogProvider mailLog)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "estafeta",
            DisableDefaults = true,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(mailLog);
        builder.Logging.SetMinimumLevel(LogLevel.Information);

        var services = builder.Services;
        services.Configure<HostOptions>(options => options.ShutdownTimeout = MasterDaemon.ShutdownGrace + TimeSpan.FromSeconds(3));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(mailLog);
        services.AddSingleton(source);
        services.AddSingleton(new CurrentConfiguration(configuration));
        services.AddSingleton<ListenerSet>();
        services.AddSingleton<MasterDaemon>();
        services.AddHostedService(provider => provider.GetRequiredService<MasterDaemon>());
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryHost>());
        services.AddSingleton<IHostLifetime, MasterLifetime>();
        MailServices.Add(services, configuration);
        return builder.Build();
    }
}
