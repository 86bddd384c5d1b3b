using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Estafeta.Policy.Tests;

/// <summary>
/// A UDP DNS responder on 127.0.0.1 with a fixed zone: exists.test (A only), mx.test (MX), nullmx.test
/// (RFC 7505 null MX), nx.test (NXDOMAIN), fail.test (SERVFAIL). Anything else: NOERROR, no answers.
/// </summary>
internal sealed class TinyDnsServer : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TinyDnsServer() => _loop = Task.Run(ServeAsync);

    public string Endpoint => _socket.Client.LocalEndPoint!.ToString()!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var request = await _socket.ReceiveAsync(_stop.Token);
            var reply = Answer(request.Buffer);
            if (reply is not null)
            {
                await _socket.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private static byte[]? Answer(byte[] query)
    {
        if (query.Length < 17)
        {
            return null;
        }

        var position = 12;
        var labels = new List<string>();
        while (position < query.Length && query[position] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, position + 1, query[position]));
            position += query[position] + 1;
        }

        var questionEnd = position + 5;
        var name = string.Join('.', labels).ToLowerInvariant();
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position + 1));
        var rcode = name switch { "nx.test" => 3, "fail.test" => 2, _ => 0 };
        byte[]? rdata = (name, type) switch
        {
            ("exists.test", 1) => [192, 0, 2, 1],
            ("mx.test", 15) => [0, 10, 4, (byte)'m', (byte)'a', (byte)'i', (byte)'l', 2, (byte)'m', (byte)'x', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0],
            ("nullmx.test", 15) => [0, 0, 0],
            _ => null,
        };

        var reply = new List<byte>();
        reply.AddRange(query.AsSpan(0, 2).ToArray());
        reply.AddRange([0x81, (byte)(0x80 | rcode), 0, 1, 0, (byte)(rdata is null ? 0 : 1), 0, 0, 0, 0]);
        reply.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        if (rdata is not null)
        {
            reply.AddRange([0xC0, 0x0C, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, 0, (byte)rdata.Length]);
            reply.AddRange(rdata);
        }

        return [.. reply];
    }
}
