using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>An in-test SMTP server for behaviour the real peers cannot produce on demand: a broken STARTTLS,
/// a server that never greets. It speaks plain SMTP and records every command line.</summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public ScriptedPeer(bool offerStartTls = false, bool breakStartTls = false, bool silent = false, string? refuseRecipient = null, Action? beforeDataReply = null,
        string address = "127.0.0.1", int port = 0, string? rcptReply = null)
    {
        _listener = new TcpListener(IPAddress.Parse(address), port);
        RcptReply = rcptReply;
        BeforeDataReply = beforeDataReply;
        RefuseRecipient = refuseRecipient;
        OfferStartTls = offerStartTls;
        BreakStartTls = breakStartTls;
        Silent = silent;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public ConcurrentQueue<string> Commands { get; } = new();

    public ConcurrentQueue<string> Messages { get; } = new();

    private bool OfferStartTls { get; }

    private bool BreakStartTls { get; }

    private bool Silent { get; }

    /// <summary>The reply to every RCPT TO, when set (e.g. "450 4.2.0 mailbox busy").</summary>
    private string? RcptReply { get; }

    /// <summary>Runs when DATA arrives, before the 354 (e.g. to damage the queue file mid-delivery).</summary>
    private Action? BeforeDataReply { get; }

    /// <summary>RCPT TO lines containing this get "550 5.1.1 ... User unknown".</summary>
    private string? RefuseRecipient { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            try
            {
                if (Silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await SendAsync(stream, "220 scripted ESMTP");
                for (var i = 0; i < 1000; i++)
                {
                    var line = await reader.ReadLineAsync(_stop.Token);
                    if (line is null)
                    {
                        return;
                    }

                    Commands.Enqueue(line);
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await SendAsync(stream, OfferStartTls ? "250-scripted\r\n250-SIZE 1000000\r\n250 STARTTLS" : "250-scripted\r\n250 SIZE 1000000");
                            break;
                        case "STARTTLS" when BreakStartTls:
                            await SendAsync(stream, "220 2.0.0 Ready to start TLS\r\nthis is not a TLS record");
                            return;
                        case "RCPT" when RefuseRecipient is not null && line.Contains(RefuseRecipient, StringComparison.Ordinal):
                            await SendAsync(stream, $"550 5.1.1 <{RefuseRecipient}>: Recipient address rejected: User unknown");
                            break;
                        case "RCPT" when RcptReply is not null:
                            await SendAsync(stream, RcptReply);
                            break;
                        case "DATA":
                            BeforeDataReply?.Invoke();
                            await SendAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                            var content = new StringBuilder();
                            for (var n = 0; n < 100000; n++)
                            {
                                var data = await reader.ReadLineAsync(_stop.Token);
                                if (data is null)
                                {
                                    return; // no final dot: nothing was received
                                }

                                if (data == ".")
                                {
                                    break;
                                }

                                content.Append(data).Append('\n');
                            }

                            Messages.Enqueue(content.ToString());
                            await SendAsync(stream, "250 2.0.0 Ok: queued as SCRIPTED");
                            break;
                        case "QUIT":
                            await SendAsync(stream, "221 2.0.0 Bye");
                            return;
                        default:
                            await SendAsync(stream, "250 2.0.0 Ok");
                            break;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the test ended.
            }
        }
    }

    private Task SendAsync(NetworkStream stream, string reply) => stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), _stop.Token).AsTask();
}
