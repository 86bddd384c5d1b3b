using System.Net.Sockets;
using Estafeta.Config;

namespace Estafeta.Host.Listening;

/// <summary>
/// THE place where a master.cf inet service becomes the code that serves one accepted connection
/// (Postfix's master handing a socket to smtpd). The host owns the listening sockets; a handler owns
/// one accepted socket until it returns (the host closes the socket afterwards).
/// </summary>
internal static class ConnectionHandlerFactory
{
    private static readonly ReadOnlyMemory<byte> NotYetAvailable = "421 4.3.2 Service not yet available\r\n"u8.ToArray();

    /// <param name="service">The master.cf line (its Command says which server: "smtpd", ...).</param>
    /// <param name="effectiveConfig">main.cf with this service's -o overrides applied.</param>
    /// <param name="services">The host's services (ILoggerFactory, TimeProvider, and what the mail
    /// pipeline registers in <see cref="Daemon.MailServices"/>).</param>
    public static Func<Socket, CancellationToken, Task> Create(
        MasterService service,
        MainConfig effectiveConfig,
        IServiceProvider services)
    {
        // LEAD: replace this body with the Smtpd session handler when it lands, e.g.
        //   var server = SmtpdServer.Create(effectiveConfig, services ...);
        //   return server.RunSessionAsync;
        _ = service;
        _ = effectiveConfig;
        _ = services;
        return RefuseAsync;
    }

    private static async Task RefuseAsync(Socket client, CancellationToken cancellationToken)
    {
        await client.SendAsync(NotYetAvailable, SocketFlags.None, cancellationToken);
        client.Shutdown(SocketShutdown.Both);
    }
}
