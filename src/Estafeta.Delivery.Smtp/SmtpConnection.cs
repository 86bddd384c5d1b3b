// One TCP connection to a server: reply lines in, command lines and content out, each step under its own timeout.
// Trusts: nothing the server sends; lines and replies are bounded, a malformed reply is a broken connection.
// Must never: keep plaintext bytes read before STARTTLS once TLS starts (they could be injected replies).
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Estafeta.Delivery.Smtp;

/// <summary>The transport under an SMTP session.</summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private const int MaxLineLength = 2048;
    private const int MaxReplyLines = 100;
    private const int OutputBufferSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly TimeProvider _timeProvider;
    private readonly byte[] _input = new byte[8192];
    private Stream _stream;
    private BufferedStream _output;
    private int _inputStart;
    private int _inputEnd;
    private bool _closed;

    private SmtpConnection(Socket socket, TimeProvider timeProvider)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: true);
        _stream = _network;
        _output = new BufferedStream(_stream, OutputBufferSize);
        _timeProvider = timeProvider;
    }

    public SslStream? Tls { get; private set; }

    /// <summary>Connects within <paramref name="timeout"/>. Throws <see cref="SmtpConnectFailedException"/> with
    /// the error text Postfix prints after "connect to H[IP]:port: ".</summary>
    public static async Task<SmtpConnection> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timer = new OperationTimer(timeout, timeProvider, cancellationToken);
        try
        {
            await socket.ConnectAsync(endpoint, timer.Token).ConfigureAwait(false);
            return new SmtpConnection(socket, timeProvider);
        }
        catch (OperationCanceledException) when (timer.TimedOut)
        {
            socket.Dispose();
            throw new SmtpConnectFailedException("Connection timed out");
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new SmtpConnectFailedException(exception.Message);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one (possibly multi-line) reply.</summary>
    public async Task<SmtpClientReply> ReadReplyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        using var timer = new OperationTimer(timeout, _timeProvider, cancellationToken);
        var lines = new List<string>();
        var code = 0;
        for (var count = 0; ; count++)
        {
            var line = await ReadLineAsync(timer).ConfigureAwait(false);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lineCode)
                || lineCode is < 200 or > 599 || (line.Length > 3 && line[3] is not (' ' or '-')) || (code != 0 && lineCode != code))
            {
                throw new SmtpConnectionException(false, $"malformed reply: {line}");
            }

            code = lineCode;
            if (count < MaxReplyLines)
            {
                lines.Add(line);
            }

            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpClientReply(code, lines);
            }

            if (count > 10 * MaxReplyLines)
            {
                throw new SmtpConnectionException(false, "reply too long");
            }
        }
    }

    /// <summary>Queues a command line (CRLF added) in the output buffer; <see cref="FlushAsync"/> sends it.</summary>
    public Task WriteCommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), timeout, cancellationToken);

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        using var timer = new OperationTimer(timeout, _timeProvider, cancellationToken);
        try
        {
            await _output.WriteAsync(bytes, timer.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, timer))
        {
            throw Broken(exception, timer);
        }
    }

    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        using var timer = new OperationTimer(timeout, _timeProvider, cancellationToken);
        try
        {
            await _output.FlushAsync(timer.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, timer))
        {
            throw Broken(exception, timer);
        }
    }

    /// <summary>Starts TLS on the raw socket after the server's 220 to STARTTLS. Anything the server sent after
    /// that reply is discarded first (CVE-2011-0411's lesson, for the client side).</summary>
    public async Task StartTlsAsync(SslClientAuthenticationOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _inputStart = _inputEnd = 0;
        var tls = new SslStream(_network, leaveInnerStreamOpen: true);
        using var timer = new OperationTimer(timeout, _timeProvider, cancellationToken);
        try
        {
            await tls.AuthenticateAsClientAsync(options, timer.Token).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Tls = tls;
        _stream = tls;
        _output = new BufferedStream(tls, OutputBufferSize);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (Tls is not null)
        {
            await Tls.DisposeAsync().ConfigureAwait(false);
        }

        await _network.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new SmtpConnectionException(false, "connection closed");
        }
    }

    private async Task<string> ReadLineAsync(OperationTimer timer)
    {
        var line = new StringBuilder();
        while (true)
        {
            var newline = Array.IndexOf(_input, (byte)'\n', _inputStart, _inputEnd - _inputStart);
            var end = newline < 0 ? _inputEnd : newline;
            var take = Math.Min(end - _inputStart, MaxLineLength - line.Length);
            if (take > 0)
            {
                line.Append(Encoding.UTF8.GetString(_input, _inputStart, take));
            }

            if (newline >= 0)
            {
                _inputStart = newline + 1;
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line.Length--;
                }

                return line.ToString();
            }

            // A line longer than the limit is truncated (as Postfix's smtp_get does), the rest skipped.
            _inputStart = _inputEnd = 0;
            int read;
            try
            {
                read = await _stream.ReadAsync(_input, timer.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransportFailure(exception, timer))
            {
                throw Broken(exception, timer);
            }

            if (read == 0)
            {
                throw new SmtpConnectionException(false, "connection closed by the server");
            }

            _inputEnd = read;
        }
    }

    private static bool IsTransportFailure(Exception exception, OperationTimer timer) =>
        exception is IOException or SocketException or ObjectDisposedException or NotSupportedException || (exception is OperationCanceledException && timer.TimedOut);

    private static SmtpConnectionException Broken(Exception exception, OperationTimer timer) =>
        timer.TimedOut ? new SmtpConnectionException(true, "timed out", exception) : new SmtpConnectionException(false, exception.Message, exception);
}
