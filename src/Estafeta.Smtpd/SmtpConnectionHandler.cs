// Accepted sockets in, finished sessions out: applies the global session limit and the per-client
// connection count limit, looks the client's name up once, then runs a SmtpSession over the socket.
// With TLS material it offers STARTTLS, or speaks TLS from the first byte (smtpd_tls_wrappermode).
// Trusts: the kernel's peer address. Must never: throw to the caller, leave a socket open, or let
// one client's name lookup, handshake or session block another's.
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Estafeta.Auth;
using Estafeta.Cleanup;
using Estafeta.Core;
using Estafeta.Policy;
using Estafeta.Smtp;
using Microsoft.Extensions.Logging;

namespace Estafeta.Smtpd;

/// <summary>One per listener (service): the Host calls <see cref="HandleAsync"/> for each accepted socket.</summary>
public sealed class SmtpConnectionHandler
{
    private readonly SmtpdSettings _settings;
    private readonly ISmtpdPolicy _policy;
    private readonly ICleanupService _cleanup;
    private readonly IClientNameResolver _resolver;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ServerTls? _tls;
    private readonly PasswordVerifier? _passwords;
    private readonly AuthRateLimiter? _authRate;
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private int _sessions;

    public SmtpConnectionHandler(
        SmtpdSettings settings,
        ISmtpdPolicy policy,
        ICleanupService cleanup,
        IClientNameResolver resolver,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        ServerTls? tls = null,
        PasswordVerifier? passwords = null,
        AuthRateLimiter? authRate = null)
    {
        if (tls is null && (settings.TlsWrapperMode || settings.TlsSecurityLevel == TlsSecurityLevel.Encrypt))
        {
            throw new ArgumentException("smtpd_tls_wrappermode and smtpd_tls_security_level = encrypt need a certificate", nameof(tls));
        }

        _tls = tls;
        _passwords = passwords;
        _authRate = authRate;
        _settings = settings;
        _policy = policy;
        _cleanup = cleanup;
        _resolver = resolver;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("smtpd");
        _time = time;
    }

    /// <summary>Sessions running now.</summary>
    public int ActiveSessions => Volatile.Read(ref _sessions);

    public async Task HandleAsync(Socket socket, CancellationToken stopping)
    {
        var counted = Interlocked.Increment(ref _sessions);
        IPAddress? countedClient = null;
        try
        {
            if (_settings.ProcessLimit > 0 && counted > _settings.ProcessLimit)
            {
                await SendAndCloseAsync(socket, SmtpdReplies.ServiceUnavailable, stopping);
                return;
            }

            if (socket.RemoteEndPoint is not IPEndPoint remote)
            {
                return;
            }

            var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            var (name, reverseName) = await ResolveAsync(address, stopping);
            var client = new ClientInfo { Address = address, Port = remote.Port, Name = name, ReverseName = reverseName };

            if (!TryCountClient(address, out var count))
            {
                SmtpdLog.ConnectionLimit(_log, count, client.LogForm, _settings.ServiceName);
                await SendAndCloseAsync(
                    socket, SmtpdReplies.TooManyConnections(_settings.MyHostname, client.AddressText), stopping);
                return;
            }

            countedClient = address;
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await using var tls = _tls is null ? null : new SocketTls(stream, _tls, _settings.StartTlsTimeout, _time, _log, client);
            IDuplexPipe transport = new StreamDuplexPipe(
                PipeReader.Create(stream, SessionPipeOptions.Reader),
                PipeWriter.Create(stream, SessionPipeOptions.Writer));
            if (_settings.TlsWrapperMode && tls is not null)
            {
                SmtpdLog.Connect(_log, client.LogForm);
                try
                {
                    transport = await tls.StartAsync(stopping);
                }
                catch (IOException)
                {
                    SmtpdLog.LostConnection(_log, "CONNECT", client.LogForm);
                    SmtpdLog.Disconnect(_log, client.LogForm, new CommandCounters().Format());
                    return;
                }
            }

            var security = new SessionSecurity { Tls = tls, Passwords = _passwords, AuthRate = _authRate, ConnectLogged = _settings.TlsWrapperMode };
            var session = new SmtpSession(_settings, _policy, _cleanup, _loggerFactory, _time, client, transport, security);
            await session.RunAsync(stopping);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; the session (if any) has logged it.
        }
        catch (Exception e)
        {
            // Never let one session take the listener down; say what happened.
            SmtpdLog.SessionFailed(_log, socket.RemoteEndPoint?.ToString() ?? "unknown", e.ToString());
        }
        finally
        {
            if (countedClient is not null)
            {
                ReleaseClient(countedClient);
            }

            Interlocked.Decrement(ref _sessions);
            Close(socket);
        }
    }

    private async ValueTask<(string Name, string ReverseName)> ResolveAsync(IPAddress address, CancellationToken stopping)
    {
        using var timer = new CancellationTokenSource(_settings.ClientNameLookupTimeout, _time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
        try
        {
            return await _resolver.ResolveAsync(address, limit.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (ClientInfo.UnknownName, ClientInfo.UnknownName);
        }
    }

    private bool TryCountClient(IPAddress address, out int count)
    {
        var exempt = _settings.ClientConnectionCountLimit <= 0
            || (_settings.ClientLimitExceptionsForMyNetworks && _policy.IsInMyNetworks(address));
        lock (_perClient)
        {
            _perClient.TryGetValue(address, out count);
            count++;
            if (!exempt && count > _settings.ClientConnectionCountLimit)
            {
                return false;
            }

            _perClient[address] = count;
            return true;
        }
    }

    private void ReleaseClient(IPAddress address)
    {
        lock (_perClient)
        {
            if (_perClient.TryGetValue(address, out var count) && count > 1)
            {
                _perClient[address] = count - 1;
            }
            else
            {
                _perClient.Remove(address);
            }
        }
    }

    private async Task SendAndCloseAsync(Socket socket, SmtpReply reply, CancellationToken stopping)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        SmtpReplyWriter.Write(buffer, reply);
        using var timer = new CancellationTokenSource(_settings.Timeout, _time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
        await socket.SendAsync(buffer.WrittenMemory, SocketFlags.None, limit.Token);
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }

    private sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
