using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Estafeta.IntegrationTests;

/// <summary>A peer process (smtp-sink, python3) that a test starts and stops by its pid.</summary>
internal sealed class RelayPeer : IDisposable
{
    private readonly Process _process;

    private RelayPeer(Process process, int port, string dumps)
    {
        _process = process;
        Port = port;
        Dumps = dumps;
    }

    public int Port { get; }

    /// <summary>Where the peer writes what it receives.</summary>
    public string Dumps { get; }

    /// <summary>Postfix's smtp-sink on ADDRESS:PORT (a free one when 0), each message dumped into <paramref name="dumps"/>.</summary>
    public static RelayPeer StartSink(string dumps, int port = 0, string address = "127.0.0.1", params string[] options)
    {
        System.IO.Directory.CreateDirectory(dumps);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var chosen = port != 0 ? port : HostTestDirectory.FreePort();
            var start = new ProcessStartInfo("/usr/sbin/smtp-sink") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["-u", "root", .. options, "-d", Path.Combine(dumps, "%M."), $"{address}:{chosen}", "100"])
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("smtp-sink did not start");
            if (WaitListening(IPAddress.Parse(address), chosen, process))
            {
                return new RelayPeer(process, chosen, dumps);
            }

            Stop(process);
        }

        throw new InvalidOperationException("smtp-sink did not start listening");
    }

    /// <summary>python3 SCRIPT JSON; the script prints its port on its first line.</summary>
    public static RelayPeer StartPython(string script, string argument, string dumps)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(20)) || !int.TryParse(line.Result, out var port))
        {
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no port printed";
            Stop(process);
            throw new InvalidOperationException("python peer did not start: " + error);
        }

        return new RelayPeer(process, port, dumps);
    }

    /// <summary>The dump files written so far (complete ones: smtp-sink writes each at the end of DATA).</summary>
    public string[] DumpFiles() => System.IO.Directory.GetFiles(Dumps);

    /// <summary>The message as the sink received it: smtp-sink's own X- lines and 3-line Received: taken off.</summary>
    public static string MessageOf(string dumpFile)
    {
        var lines = File.ReadAllText(dumpFile).Split('\n');
        var received = Array.FindIndex(lines, l => l.StartsWith("Received: ", StringComparison.Ordinal));
        Assert.True(received >= 0, "smtp-sink's Received: line");
        return string.Join('\n', lines[(received + 3)..]);
    }

    /// <summary>The recipients smtp-sink recorded (its X-Rcpt-Args lines).</summary>
    public static IEnumerable<string> RecipientsOf(string dumpFile) =>
        File.ReadAllLines(dumpFile)
            .TakeWhile(l => !l.StartsWith("Received: ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("X-Rcpt-Args: ", StringComparison.Ordinal))
            .Select(l => l["X-Rcpt-Args: ".Length..].Trim());

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

    private static bool WaitListening(IPAddress address, int port, Process process)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(new IPEndPoint(address, port));
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
