using Estafeta.Cleanup;
using Estafeta.Config;
using Estafeta.Queue;
using Estafeta.Smtpd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Daemon;

/// <summary>
/// Registers the mail pipeline (queue, cleanup, the client name resolver, delivery) in the host's container, for
/// <see cref="Listening.ConnectionHandlerFactory"/> and <see cref="DeliveryHost"/> to use. tmp/ leftovers are removed once, at first
/// use, before any session can add to the queue; queued files are checked by the queue manager as it opens them.
/// </summary>
internal static class MailServices
{
    public static void Add(IServiceCollection services, LoadedConfiguration configuration)
    {
        var main = configuration.Main;
        services.AddSingleton(provider =>
        {
            var store = new QueueStore(
                main.Get("queue_directory"),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>());
            store.RemoveLeftovers();

            // Empty files for the first messages, made while the daemon already serves (no inode per message).
            _ = Task.Run(store.PrepareSpareFiles);
            return store;
        });
        services.AddSingleton<QueueTrigger>();
        services.AddSingleton<ICleanupService>(provider => new WakingCleanupService(
            new CleanupService(
                provider.GetRequiredService<QueueStore>(),
                SettingsMapping.Cleanup(main),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>()),
            provider.GetRequiredService<QueueTrigger>()));
        services.AddSingleton<IClientNameResolver, SystemClientNameResolver>();
        services.AddSingleton<DeliveryHost>();
    }
}
