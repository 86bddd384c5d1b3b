using System.Net.Sockets;
using System.Text;

namespace Estafeta.MailLog;

/// <summary>
/// Sends each line as one datagram to the local syslog socket (/dev/log), facility mail, as
/// syslog(3) does. If the daemon restarts, the next send reconnects once; a line that still cannot
/// be sent is dropped: logging must never stop mail.
/// </summary>
internal sealed class SyslogSink : IMailLogSink
{
    private readonly Lock _lock = new();
    private readonly string _socketPath;
    private Socket? _socket;
    private byte[] _buffer = new byte[512];

    private SyslogSink(string socketPath, Socket socket)
    {
        _socketPath = socketPath;
        _socket = socket;
    }

    public string SocketPath => _socketPath;

    /// <summary>Connects to the socket, or says why it could not.</summary>
    public static SyslogSink? TryConnect(string socketPath, out string? problem)
    {
        try
        {
            problem = null;
            return new SyslogSink(socketPath, Connect(socketPath));
        }
        catch (SocketException e)
        {
            problem = e.Message;
            return null;
        }
    }

    public void Write(in MailLogEvent logEvent, MailLogLineFormatter formatter, ref string? fileLine)
    {
        var datagram = formatter.SyslogDatagram(logEvent);
        lock (_lock)
        {
            if (_socket is null)
            {
                return;
            }

            var needed = Encoding.UTF8.GetMaxByteCount(datagram.Length);
            if (_buffer.Length < needed)
            {
                _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(datagram, _buffer);
            try
            {
                _socket.Send(_buffer.AsSpan(0, length));
            }
            catch (SocketException)
            {
                // syslogd restarted: its socket is a new one. Reconnect once; drop the line if that fails too.
                _socket.Dispose();
                _socket = null;
                try
                {
                    _socket = Connect(_socketPath);
                    _socket.Send(_buffer.AsSpan(0, length));
                }
                catch (SocketException)
                {
                }
            }
        }
    }

    public void Reopen()
    {
        lock (_lock)
        {
            _socket?.Dispose();
            _socket = null;
            try
            {
                _socket = Connect(_socketPath);
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }

    private static Socket Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
