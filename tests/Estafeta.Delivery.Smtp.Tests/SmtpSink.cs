using System.Diagnostics;
using System.Net;
using Estafeta.TestKit.Peers;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>Postfix's smtp-sink as a test peer; read its dumps with <see cref="SinkDump"/>.</summary>
internal static class SmtpSink
{
    /// <summary>smtp-sink on ADDRESS:PORT (a free port when 0) dumping each message into <paramref name="dumpDirectory"/>.</summary>
    public static PeerProcess Start(string dumpDirectory, IReadOnlyList<string>? options = null, string address = "127.0.0.1", int port = 0)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var chosen = port != 0 ? port : PeerProcess.FreePort();
            var start = new ProcessStartInfo("/usr/sbin/smtp-sink");
            foreach (var argument in (string[])["-u", "root", .. options ?? [], "-d", Path.Combine(dumpDirectory, "%H%M%S."), $"{address}:{chosen}", "100"])
            {
                start.ArgumentList.Add(argument);
            }

            if (PeerProcess.StartListening(start, new IPEndPoint(IPAddress.Parse(address), chosen)) is { } sink)
            {
                return sink;
            }
        }

        throw new InvalidOperationException("smtp-sink did not start");
    }
}
