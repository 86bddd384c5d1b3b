using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Estafeta.Pickup;

/// <summary>
/// The server side of QUEUE_DIRECTORY/public/pickup (mode 0666: any local user may poke it). Each
/// connection may send one short line; it gets nothing back. Bounded: 64 bytes, 5 seconds, 8 at a time.
/// </summary>
internal sealed class PickupTriggerListener : IAsyncDisposable
{
    private const int MaxCommandBytes = 64;
    private const int MaxConcurrent = 8;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly string _path;
    private readonly Func<string, CancellationToken, Task> _onCommand;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping;
    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private readonly Task _acceptLoop;

    private PickupTriggerListener(Socket socket, string path, Func<string, CancellationToken, Task> onCommand, ILogger logger, CancellationToken cancellationToken)
    {
        _socket = socket;
        _path = path;
        _onCommand = onCommand;
        _logger = logger;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public static PickupTriggerListener Start(string path, Func<string, CancellationToken, Task> onCommand, ILogger logger, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the maildrop needs POSIX file modes");
        }

        // A socket file left by a daemon that died is in the way of bind.
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            socket.Listen(16);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new PickupTriggerListener(socket, path, onCommand, logger, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // Removed or replaced already.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    PickupLog.TriggerError(_logger, _path, e.Message);
                }

                return;
            }

            if (!_slots.Wait(0))
            {
                // Too many idle connections: drop this one; the periodic scan still runs.
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        try
        {
            using (client)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ReadTimeout);
                var buffer = new byte[MaxCommandBytes];
                var length = 0;
                while (length < buffer.Length)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (buffer.AsSpan(0, length).Contains((byte)'\n'))
                    {
                        break;
                    }
                }

                var text = Encoding.ASCII.GetString(buffer, 0, length);
                var command = text.Split('\n')[0].Trim();
                await _onCommand(command, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // A silent or vanished client: nothing to do.
        }
        finally
        {
            _slots.Release();
        }
    }
}
