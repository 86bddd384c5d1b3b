using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Estafeta.Core;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Smtpd.Tests;

/// <summary>A session over in-memory pipes: raw bytes in, raw reply lines out.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    public const string Host = "mail.example.org";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _stopping = new();

    public SessionHarness(SmtpdSettings? settings = null, string? earlyInput = null, Action<FakePolicy>? configurePolicy = null)
    {
        Settings = settings ?? new SmtpdSettings { MyHostname = Host, Banner = $"{Host} ESMTP Estafeta" };
        configurePolicy?.Invoke(Policy);
        if (earlyInput is not null)
        {
            _toServer.Writer.Write(Encoding.Latin1.GetBytes(earlyInput));
            _toServer.Writer.FlushAsync().AsTask().Wait();
        }

        var client = new ClientInfo { Address = IPAddress.Loopback, Port = 40000, Name = "localhost", ReverseName = "localhost" };
        Session = new SmtpSession(Settings, Policy, Cleanup, Logs, Time, client, new Duplex(_toServer.Reader, _toClient.Writer));
        Running = Task.Run(() => Session.RunAsync(_stopping.Token));
    }

    public SmtpdSettings Settings { get; }

    public FakePolicy Policy { get; } = new();

    public FakeCleanup Cleanup { get; } = new();

    public ListLoggerFactory Logs { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    public SmtpSession Session { get; }

    public Task Running { get; }

    public void Stop() => _stopping.Cancel();

    public async Task SendAsync(string text)
    {
        await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    public async Task SendBytesAsync(byte[] bytes) => await _toServer.Writer.WriteAsync(bytes);

    public async Task CloseInputAsync() => await _toServer.Writer.CompleteAsync();

    /// <summary>The next reply line, or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? Patience);
        var reader = _toClient.Reader;
        for (var guard = 0; guard < 100_000; guard++)
        {
            var result = await reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, position).ToArray()).TrimEnd('\r');
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return line;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }

        throw new InvalidOperationException("no line");
    }

    /// <summary>Reads one complete (possibly multi-line) reply and returns its lines joined by "\n".</summary>
    public async Task<string> ReplyAsync()
    {
        var lines = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var line = await ReadLineAsync() ?? throw new InvalidOperationException("connection closed; got " + string.Join("|", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }

        throw new InvalidOperationException("reply too long");
    }

    /// <summary>Reads a reply, advancing fake time by a second whenever none has come yet (error sleep).</summary>
    public async Task<string> ReplyAdvancingAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                var line = await ReadLineAsync(TimeSpan.FromMilliseconds(50));
                return line ?? throw new InvalidOperationException("closed");
            }
            catch (OperationCanceledException)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        throw new InvalidOperationException("no reply after advancing time");
    }

    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReplyAsync();
    }

    public async Task ExpectClosedAsync()
    {
        Assert.Null(await ReadLineAsync());
        await Running.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _toServer.Writer.CompleteAsync();
        try
        {
            await Running.WaitAsync(Patience);
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
