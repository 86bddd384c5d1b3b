// A remote peer for tests (smtp-sink, python3 aiosmtpd) run as a child process on loopback.
// Trusts: the program it starts. Must never: stop anything but the process it started (it kills by its own pid).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Estafeta.TestKit.Peers;

/// <summary>A peer process that a test starts, reaches at <see cref="EndPoint"/>, and stops on dispose.</summary>
public sealed class PeerProcess : IDisposable
{
    private static readonly TimeSpan PortLineTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private PeerProcess(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public int Pid => _process.Id;

    /// <summary>
    /// Starts a program that binds 127.0.0.1 port 0 itself and prints the port on its first output line
    /// (so no other process can take the port between choosing and binding it).
    /// </summary>
    public static PeerProcess StartPrintingPort(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(PortLineTimeout) || line.Result is null || !int.TryParse(line.Result, out var port))
        {
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no port printed";
            Stop(process);
            throw new InvalidOperationException($"{start.FileName} peer did not start: {error}");
        }

        return new PeerProcess(process, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>
    /// Starts a program told to listen on <paramref name="endPoint"/> and waits until it accepts a connection.
    /// Null when it exited or never listened (the port may have been taken meanwhile: the caller retries).
    /// </summary>
    public static PeerProcess? StartListening(ProcessStartInfo start, IPEndPoint endPoint)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        if (WaitListening(endPoint, process))
        {
            return new PeerProcess(process, endPoint);
        }

        Stop(process);
        return null;
    }

    /// <summary>A loopback port that was free a moment ago (nothing listens on it after this returns).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static bool WaitListening(IPEndPoint endPoint, Process process)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < ListenTimeout && !process.HasExited)
        {
            using var probe = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(endPoint);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(20); // polling a condition (the port accepting), bounded by the deadline
            }
        }

        return false;
    }
}
