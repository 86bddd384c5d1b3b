using Estafeta.Config;
using Microsoft.Extensions.DependencyInjection;

namespace Estafeta.Host.Daemon;

/// <summary>
/// Registers the mail pipeline (queue, cleanup, policy, smtpd) in the host's container, for
/// <see cref="Listening.ConnectionHandlerFactory"/> and the background services to use.
/// </summary>
internal static class MailServices
{
    public static void Add(IServiceCollection services, LoadedConfiguration configuration)
    {
        // LEAD: register the Smtpd / Queue / Cleanup / Policy services here (and any IHostedService such
        // as the queue manager). The configuration in force is also available as CurrentConfiguration.
        _ = services;
        _ = configuration;
    }
}
