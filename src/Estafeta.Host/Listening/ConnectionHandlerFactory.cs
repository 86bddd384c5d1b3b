using System.Net.Sockets;
using Estafeta.Cleanup;
using Estafeta.Config;
using Estafeta.Host.Daemon;
using Estafeta.Policy;
using Estafeta.Smtpd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Listening;

/// <summary>
/// THE place where a master.cf inet service becomes the code that serves one accepted connection
/// (Postfix's master handing a socket to smtpd). The host owns the listening sockets; a handler owns
/// one accepted socket until it returns (the host closes the socket afterwards). TLS material and
/// password sources are loaded here, so that a bad certificate stops the start (or the reload).
/// </summary>
internal static class ConnectionHandlerFactory
{
    /// <param name="service">The master.cf line (its Command says which server: "smtpd", ...).</param>
    /// <param name="effectiveConfig">main.cf with this service's -o overrides applied.</param>
    /// <param name="services">The host's services (see <see cref="MailServices"/>).</param>
    public static Func<Socket, CancellationToken, Task> Create(
        MasterService service,
        MainConfig effectiveConfig,
        IServiceProvider services)
    {
        if (!string.Equals(service.Command, "smtpd", StringComparison.Ordinal))
        {
            throw new ConfigException(service.SourceFile, service.Line, $"inet service {service.Name}: command \"{service.Command}\" is not supported (only smtpd)");
        }

        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        var config = effectiveConfig;
        if (services.GetService<ConfigurationSource>() is { ConfigDirectory: null } embedded)
        {
            (config, var created, var certFile) = SettingsMapping.EmbeddedTls(config, embedded.StateDirectory);
            if (created)
            {
                MasterLogText.SelfSignedCreated(loggerFactory.CreateLogger("master"), certFile, config.Get("myhostname"));
            }
        }

        var settings = SettingsMapping.Smtpd(config, service);
        var handler = new SmtpConnectionHandler(
            settings,
            new SmtpdPolicy(SettingsMapping.Policy(config), loggerFactory),
            services.GetRequiredService<ICleanupService>(),
            services.GetRequiredService<IClientNameResolver>(),
            loggerFactory,
            time,
            SettingsMapping.ServerTls(config, settings, service, time.GetUtcNow()),
            SettingsMapping.Passwords(config, settings, service),
            SettingsMapping.AuthRate(config, time));
        return handler.HandleAsync;
    }
}

/// <summary>The factory's own log line (category "master").</summary>
internal static partial class MasterLogText
{
    [LoggerMessage(1, LogLevel.Information, "created a self-signed TLS certificate for {Host}: {CertFile} (key next to it); STARTTLS is offered with it")]
    public static partial void SelfSignedCreated(ILogger logger, string certFile, string host);
}
