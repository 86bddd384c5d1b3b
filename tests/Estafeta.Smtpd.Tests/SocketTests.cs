using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Smtpd.Tests;

/// <summary>SmtpConnectionHandler over real loopback sockets, as the Host will call it.</summary>
public sealed class SocketTests : IAsyncDisposable
{
    private const string Host = SessionHarness.Host;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sessions = [];
    private readonly List<TcpClient> _clients = [];
    private Task? _acceptLoop;

    internal FakeCleanup Cleanup { get; } = new();

    internal FakePolicy Policy { get; } = new();

    internal ListLoggerFactory Logs { get; } = new();

    private SmtpConnectionHandler Start(SmtpdSettings settings)
    {
        var handler = new SmtpConnectionHandler(settings, Policy, Cleanup, new FakeResolver(), Logs, new FakeTimeProvider());
        _listener.Start();
        _acceptLoop = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                lock (_sessions)
                {
                    _sessions.Add(handler.HandleAsync(socket, _stopping.Token));
                }
            }
        });
        return handler;
    }

    private async Task<(TcpClient Client, StreamReader Reader, Stream Stream)> ConnectAsync()
    {
        var client = new TcpClient();
        _clients.Add(client);
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        var stream = client.GetStream();
        stream.ReadTimeout = 10_000;
        return (client, new StreamReader(stream, Encoding.UTF8), stream);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadLineAsync(timeout.Token);
    }

    private static async Task<string?> CommandAsync(Stream stream, StreamReader reader, string line)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ReadLineAsync(reader);
    }

    [Fact]
    public async Task The_issue_dialogue_works_over_a_socket()
    {
        Start(new SmtpdSettings { MyHostname = Host, Banner = $"{Host} ESMTP Estafeta" });
        var (_, reader, stream) = await ConnectAsync();
        Assert.Equal($"220 {Host} ESMTP Estafeta", await ReadLineAsync(reader));
        Assert.Equal($"250 {Host}", await CommandAsync(stream, reader, "HELO client.example"));
        Assert.Equal("250 2.1.0 Ok", await CommandAsync(stream, reader, "mail from: jose@example.org"));
        Assert.Equal("250 2.1.5 Ok", await CommandAsync(stream, reader, "rcpt to: usuario@example.org"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await CommandAsync(stream, reader, "data"));
        await stream.WriteAsync("Subject: hola\r\n\r\nCuerpo.\r\n.\r\n"u8.ToArray());
        Assert.Matches("^250 2.0.0 Ok: queued as [0-9A-F]{10}$", await ReadLineAsync(reader));
        Assert.Equal("221 2.0.0 Bye", await CommandAsync(stream, reader, "quit"));
        Assert.Null(await ReadLineAsync(reader));

        var message = Assert.Single(Cleanup.Messages);
        Assert.Equal(["Subject: hola", "", "Cuerpo."], message.Lines);
        Assert.Equal(IPAddress.Loopback, message.Client.Address);
        Assert.Equal("localhost", message.Client.Name);
        Assert.Contains("smtpd: connect from localhost[127.0.0.1]", Logs.Lines);
    }

    [Fact]
    public async Task The_51st_connection_from_one_client_gets_421()
    {
        var handler = Start(new SmtpdSettings { MyHostname = Host });
        var open = new List<StreamReader>();
        for (var i = 0; i < 50; i++)
        {
            var (_, reader, _) = await ConnectAsync();
            Assert.StartsWith("220 ", await ReadLineAsync(reader), StringComparison.Ordinal);
            open.Add(reader);
        }

        var (_, extra, _) = await ConnectAsync();
        Assert.Equal($"421 4.7.0 {Host} Error: too many connections from 127.0.0.1", await ReadLineAsync(extra));
        Assert.Null(await ReadLineAsync(extra));
        Assert.Contains("smtpd: warning: Connection concurrency limit exceeded: 51 from localhost[127.0.0.1] for service smtp", Logs.Lines);

        // Closing one makes room again.
        _clients[0].Dispose();
        for (var i = 0; i < 500 && handler.ActiveSessions >= 50; i++)
        {
            await Task.Delay(10);
        }

        var (_, again, _) = await ConnectAsync();
        Assert.StartsWith("220 ", await ReadLineAsync(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mynetworks_clients_are_not_limited_per_client()
    {
        Policy.MyNetworks = true;
        Start(new SmtpdSettings { MyHostname = Host, ClientConnectionCountLimit = 2 });
        for (var i = 0; i < 3; i++)
        {
            var (_, reader, _) = await ConnectAsync();
            Assert.StartsWith("220 ", await ReadLineAsync(reader), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sessions_beyond_the_process_limit_get_421_4_3_2()
    {
        Start(new SmtpdSettings { MyHostname = Host, ProcessLimit = 2 });
        for (var i = 0; i < 2; i++)
        {
            var (_, reader, _) = await ConnectAsync();
            Assert.StartsWith("220 ", await ReadLineAsync(reader), StringComparison.Ordinal);
        }

        var (_, extra, _) = await ConnectAsync();
        Assert.Equal("421 4.3.2 Service currently unavailable", await ReadLineAsync(extra));
        Assert.Null(await ReadLineAsync(extra));
    }

    [Fact]
    public async Task Stopping_closes_sessions_with_421()
    {
        Start(new SmtpdSettings { MyHostname = Host });
        var (_, reader, _) = await ConnectAsync();
        Assert.StartsWith("220 ", await ReadLineAsync(reader), StringComparison.Ordinal);
        await _stopping.CancelAsync();
        Assert.Equal($"421 4.3.2 {Host} Service shutting down", await ReadLineAsync(reader));
        Assert.Null(await ReadLineAsync(reader));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        // HandleAsync never throws; every session ends once its socket is gone.
        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }
}
