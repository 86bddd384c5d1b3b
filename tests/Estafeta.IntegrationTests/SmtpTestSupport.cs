using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Helpers for end-to-end SMTP tests: a line-at-a-time SMTP socket client, external tools run to
/// their end with a timeout, and a look at the queue's incoming folder.
/// </summary>
internal static class SmtpTestSupport
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>The queue ids (file names) in QUEUE_DIR/incoming, sorted.</summary>
    public static string[] IncomingIds(string queueDirectory)
    {
        var incoming = Path.Combine(queueDirectory, "incoming");
        return Directory.Exists(incoming)
            ? [.. Directory.GetFiles(incoming).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The queue file as text (binary record framing included; fine for substring checks).</summary>
    public static string ReadQueueFile(string queueDirectory, string id) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(queueDirectory, "incoming", id)));

    /// <summary>Runs an external program to its end; kills it (by pid tree) if it overruns the timeout.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToolAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}

/// <summary>An SMTP client over a raw socket: one command, one reply, nothing pipelined.</summary>
internal sealed class SmtpLineClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _timeout = new(SmtpTestSupport.Timeout);

    private SmtpLineClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, optionally from a chosen loopback source address.</summary>
    public static async Task<SmtpLineClient> ConnectAsync(int port, IPAddress? source = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            using var connectTimeout = new CancellationTokenSource(SmtpTestSupport.Timeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), connectTimeout.Token);
            return new SmtpLineClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one whole reply (all continuation lines); returns its last line.</summary>
    public async Task<string> ReadReplyAsync()
    {
        for (var lines = 0; lines < 100; lines++)
        {
            var line = await _reader.ReadLineAsync(_timeout.Token) ?? throw new IOException("server closed the connection");
            if (line.Length < 4 || line[3] != '-')
            {
                return line;
            }
        }

        throw new InvalidDataException("reply longer than 100 lines");
    }

    /// <summary>Sends raw text as is (the caller adds CRLFs).</summary>
    public async Task SendRawAsync(string text) =>
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), _timeout.Token);

    /// <summary>Sends one command line and returns the reply's last line.</summary>
    public async Task<string> CommandAsync(string command)
    {
        await SendRawAsync(command + "\r\n");
        return await ReadReplyAsync();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        _socket.Dispose();
        _timeout.Dispose();
    }
}
