using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>A test peer process (smtp-sink, python3) that the test starts and stops by its pid.</summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>smtp-sink on ADDRESS:PORT (a free port when 0) dumping each message into <paramref name="dumpDirectory"/>.</summary>
    public static PeerProcess StartSmtpSink(string dumpDirectory, IReadOnlyList<string>? options = null, string address = "127.0.0.1", int port = 0)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var chosen = port != 0 ? port : FreePort();
            var psi = new ProcessStartInfo("/usr/sbin/smtp-sink")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add("root");
            foreach (var argument in options ?? [])
            {
                psi.ArgumentList.Add(argument);
            }

            psi.ArgumentList.Add("-d");
            psi.ArgumentList.Add(Path.Combine(dumpDirectory, "%H%M%S."));
            psi.ArgumentList.Add($"{address}:{chosen}");
            psi.ArgumentList.Add("100");
            var process = Process.Start(psi)!;
            var endPoint = new IPEndPoint(IPAddress.Parse(address), chosen);
            if (WaitListening(endPoint, process))
            {
                return new PeerProcess(process, endPoint);
            }

            Stop(process);
        }

        throw new InvalidOperationException("smtp-sink did not start");
    }

    /// <summary>python3 SCRIPT ARGS...; the script prints its listening port on its first output line.</summary>
    public static PeerProcess StartPython(string script, params string[] arguments)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-u");
        psi.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        var process = Process.Start(psi)!;
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(20)) || line.Result is null || !int.TryParse(line.Result, out var port))
        {
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no port printed";
            Stop(process);
            throw new InvalidOperationException($"python peer did not start: {error}");
        }

        return new PeerProcess(process, new IPEndPoint(IPAddress.Loopback, (int)port));
    }

    /// <summary>A port that was free a moment ago (nothing listens on it after this returns).</summary>
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
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
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
