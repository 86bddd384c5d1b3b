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
/// one accepted socket until it returns (the host closes the socket afterwards).
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
        var handler = new SmtpConnectionHandler(
            SettingsMapping.Smtpd(effectiveConfig, service),
            new SmtpdPolicy(SettingsMapping.Policy(effectiveConfig), loggerFactory),
            services.GetRequiredService<ICleanupService>(),
            services.GetRequiredService<IClientNameResolver>(),
            loggerFactory,
            services.GetRequiredService<TimeProvider>());
        return handler.HandleAsync;
    }
}
