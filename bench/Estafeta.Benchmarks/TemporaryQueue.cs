using System.Net;
using Estafeta.Core;
using Estafeta.Queue;
using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Benchmarks;

/// <summary>A queue in a fresh temporary folder (on the same file system as /tmp: fsync costs what
/// that disk costs), with the client and envelope of a typical SMTP message.</summary>
public sealed class TemporaryQueue : IDisposable
{
    public TemporaryQueue()
    {
        Root = Directory.CreateTempSubdirectory("estafeta-bench-queue-").FullName;
        Store = new QueueStore(Path.Combine(Root, "queue"), TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static ClientInfo Client { get; } = new()
    {
        Address = IPAddress.Loopback,
        Port = 40000,
        Name = "localhost",
        ReverseName = "localhost",
        Helo = "client.example.org",
        Protocol = "ESMTP",
    };

    public static Envelope Envelope { get; } = new()
    {
        Sender = "alice@example.org",
        Recipients = [new EnvelopeRecipient("bob@bench.example")],
        DeclaredSize = 5120,
        Body = BodyType.EightBitMime,
    };

    public string Root { get; }

    public QueueStore Store { get; }

    /// <summary>Removes committed files so the incoming folder does not grow across iterations.</summary>
    public void EmptyIncoming()
    {
        foreach (var file in Directory.EnumerateFiles(Store.DirectoryOf(QueueName.Incoming)))
        {
            File.Delete(file);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
