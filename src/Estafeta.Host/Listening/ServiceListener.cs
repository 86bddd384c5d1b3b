using System.Net;
using System.Net.Sockets;
using Estafeta.Config;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Listening;

/// <summary>
/// One bound socket of one master.cf inet service and its accept loop. The handler can be replaced
/// on reload without closing the socket, so a reload never refuses a connection.
/// </summary>
internal sealed partial class ServiceListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Func<Socket, CancellationToken, Task> _handler;
    private Task _acceptLoop = Task.CompletedTask;

    private ServiceListener(MasterService service, Socket socket, Func<Socket, CancellationToken, Task> handler, ILogger logger, TimeProvider time)
    {
        Service = service;
        _time = time;
        _socket = socket;
        _handler = handler;
        _logger = logger;
        BoundEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public MasterService Service { get; private set; }

    /// <summary>The address really bound (with the real port when master.cf or --listen said 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    /// <summary>The endpoint as configured (port 0 stays 0), to match listeners across a reload.</summary>
    public required IPEndPoint ConfiguredEndPoint { get; init; }

    /// <exception cref="ListenerException">The address cannot be bound (in use, no permission, not local).</exception>
    public static ServiceListener Bind(
        MasterService service,
        IPEndPoint endpoint,
        Func<Socket, CancellationToken, Task> handler,
        ILogger logger,
        TimeProvider time)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // [::] and 0.0.0.0 are bound separately, as Postfix does with inet_protocols = all.
                socket.DualMode = false;
            }

            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ListenerException($"bind {ListenAddressResolver.Describe(endpoint)} ({service.Name}): {e.Message}");
        }

        return new ServiceListener(service, socket, handler, logger, time) { ConfiguredEndPoint = endpoint };
    }

    public void Start(SessionTracker sessions) => _acceptLoop = AcceptLoopAsync(sessions);

    /// <summary>Hands later connections to a handler built from the reloaded configuration.</summary>
    public void Replace(MasterService service, Func<Socket, CancellationToken, Task> handler)
    {
        Service = service;
        Volatile.Write(ref _handler, handler);
    }

    /// <summary>Stops accepting and closes the listening socket; sessions already accepted go on.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _acceptLoop;
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(SessionTracker sessions)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (!_stop.IsCancellationRequested)
            {
                // EMFILE, ECONNABORTED and the like: say so and keep serving; pause so a full fd table is not a busy loop.
                LogAcceptFailed(_logger, Service.Name, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, CancellationToken.None);
                continue;
            }
            catch (SocketException)
            {
                return;
            }

            sessions.Start(client, Service.Name, Volatile.Read(ref _handler));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: accept: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string service, string reason);
}
