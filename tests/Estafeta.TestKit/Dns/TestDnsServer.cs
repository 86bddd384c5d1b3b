// A small authoritative DNS responder for tests: UDP and TCP on one ephemeral port of 127.0.0.1.
// Trusts: nothing in queries (each is bounded and parsed defensively). Must never: listen beyond loopback.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Estafeta.TestKit.Dns;

/// <summary>Answers from a <see cref="TestDnsZone"/> until disposed. Point a resolver at <see cref="EndPoint"/>.</summary>
public sealed class TestDnsServer : IAsyncDisposable
{
    private const int MaxMessage = 4096;

    private readonly UdpClient _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _queries;

    public TestDnsServer(TestDnsZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        (_udp, _tcp) = BindPair();
        EndPoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    public TestDnsZone Zone { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>"127.0.0.1:PORT", the form of estafeta_dns_servers.</summary>
    public string Address => $"{EndPoint.Address}:{EndPoint.Port}";

    /// <summary>Queries received so far (UDP and TCP).</summary>
    public int QueryCount => Volatile.Read(ref _queries);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Stop();
        try
        {
            await Task.WhenAll(_udpLoop, _tcpLoop).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    /// <summary>UDP on an ephemeral port, then TCP on the same port; a few tries in case TCP's is taken.</summary>
    private static (UdpClient Udp, TcpListener Tcp) BindPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            var tcp = new TcpListener(IPAddress.Loopback, port);
            try
            {
                tcp.Start();
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
            }
        }
    }

    private async Task ServeUdpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Interlocked.Increment(ref _queries);
            var response = DnsMessage.Answer(received.Buffer, Zone);
            if (response is not null)
            {
                await _udp.SendAsync(response, received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeTcpClientAsync(client));
        }
    }

    private async Task ServeTcpClientAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var length = new byte[2];
            for (var count = 0; count < 100; count++)
            {
                try
                {
                    await stream.ReadExactlyAsync(length, _stop.Token).ConfigureAwait(false);
                    var size = BinaryPrimitives.ReadUInt16BigEndian(length);
                    if (size > MaxMessage)
                    {
                        return;
                    }

                    var query = new byte[size];
                    await stream.ReadExactlyAsync(query, _stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _queries);
                    var response = DnsMessage.Answer(query, Zone);
                    if (response is null)
                    {
                        return;
                    }

                    var framed = new byte[response.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                    response.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }
}
