using System.Diagnostics;
using System.Net;
using Estafeta.TestKit.Peers;

namespace Estafeta.IntegrationTests;

/// <summary>Postfix's smtp-sink as a relay destination, with the directory its dumps land in.</summary>
internal sealed class RelayPeer : IDisposable
{
    private readonly PeerProcess _process;

    private RelayPeer(PeerProcess process, string dumps)
    {
        _process = process;
        Dumps = dumps;
    }

    public int Port => _process.Port;

    /// <summary>Where the peer writes what it receives.</summary>
    public string Dumps { get; }

    /// <summary>Postfix's smtp-sink on ADDRESS:PORT (a free one when 0), each message dumped into <paramref name="dumps"/>.</summary>
    public static RelayPeer StartSink(string dumps, int port = 0, string address = "127.0.0.1", params string[] options)
    {
        System.IO.Directory.CreateDirectory(dumps);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var chosen = port != 0 ? port : HostTestDirectory.FreePort();
            var start = new ProcessStartInfo("/usr/sbin/smtp-sink");
            foreach (var argument in (string[])["-u", "root", .. options, "-d", Path.Combine(dumps, "%M."), $"{address}:{chosen}", "100"])
            {
                start.ArgumentList.Add(argument);
            }

            if (PeerProcess.StartListening(start, new IPEndPoint(IPAddress.Parse(address), chosen)) is { } sink)
            {
                return new RelayPeer(sink, dumps);
            }
        }

        throw new InvalidOperationException("smtp-sink did not start listening");
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

    public void Dispose() => _process.Dispose();
}
