using System.Net;
using System.Net.Sockets;
using Estafeta.Host.Listening;
using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.IntegrationTests;

/// <summary>The graceful stop: sessions in progress may finish, then the stragglers are cancelled.</summary>
public sealed class HostSessionTrackerTests
{
    [Fact]
    public async Task Drain_waits_for_a_session_that_finishes_within_the_grace_period()
    {
        using var tracker = new SessionTracker(NullLogger.Instance);
        var release = new TaskCompletionSource();
        var finished = false;
        using var pair = await SocketPair.CreateAsync();

        tracker.Start(pair.Server, "smtp", async (_, _) =>
        {
            await release.Task;
            finished = true;
        });
        var drain = tracker.DrainAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        Assert.False(drain.IsCompleted);
        release.SetResult();
        await drain.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(finished);
        Assert.Equal(0, tracker.ActiveCount);
    }

    [Fact]
    public async Task Drain_cancels_a_session_that_outlives_the_grace_period()
    {
        using var tracker = new SessionTracker(NullLogger.Instance);
        var cancelled = new TaskCompletionSource<bool>();
        using var pair = await SocketPair.CreateAsync();

        tracker.Start(pair.Server, "smtp", async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                cancelled.SetResult(token.IsCancellationRequested);
            }
        });
        await tracker.DrainAsync(TimeSpan.FromMilliseconds(100), TimeProvider.System).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, tracker.ActiveCount);
    }

    [Fact]
    public async Task A_failing_session_closes_its_socket_and_does_not_hurt_the_tracker()
    {
        using var tracker = new SessionTracker(NullLogger.Instance);
        using var pair = await SocketPair.CreateAsync();

        tracker.Start(pair.Server, "smtp", (_, _) => throw new InvalidOperationException("boom"));
        await tracker.DrainAsync(TimeSpan.FromSeconds(10), TimeProvider.System).WaitAsync(TimeSpan.FromSeconds(10));

        // The server side was closed, so the client reads end-of-stream.
        var buffer = new byte[1];
        Assert.Equal(0, await pair.Client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class SocketPair : IDisposable
    {
        private SocketPair(Socket client, Socket server)
        {
            Client = client;
            Server = server;
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public static async Task<SocketPair> CreateAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!);
            var server = await listener.AcceptAsync();
            return new SocketPair(client, server);
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
