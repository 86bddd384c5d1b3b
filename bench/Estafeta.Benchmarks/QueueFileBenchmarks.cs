using System.Text;
using BenchmarkDotNet.Attributes;

namespace Estafeta.Benchmarks;

/// <summary>Writing one message into the queue through QueueStore.Create: the envelope records, the
/// content lines, then either the durable commit (fsync file, rename, fsync directory) or a discard.
/// The difference between the two is what rule 1 ("a 250 is a promise") costs on this disk.</summary>
[MemoryDiagnoser]
public class QueueFileBenchmarks
{
    private readonly List<byte[]> _lines = [];
    private TemporaryQueue? _queue;

    [Params(5 * 1024, 100 * 1024)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _queue = new TemporaryQueue();
        _lines.Add("From: <alice@example.org>"u8.ToArray());
        _lines.Add("To: <bob@bench.example>"u8.ToArray());
        _lines.Add("Subject: benchmark"u8.ToArray());
        _lines.Add([]);
        var size = 0;
        while (size < MessageBytes)
        {
            var line = Encoding.ASCII.GetBytes("La de da de da. La de da de da. La de da de da. La de da de da.");
            _lines.Add(line);
            size += line.Length + 2;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _queue?.Dispose();

    [IterationCleanup(Target = nameof(WriteAndCommit))]
    public void EmptyIncoming() => _queue!.EmptyIncoming();

    [Benchmark(Description = "create + write + discard (no fsync)")]
    public long WriteAndDiscard()
    {
        var store = _queue!.Store;
        using var file = store.Create(store.NewQueueId(), DateTimeOffset.UnixEpoch, TemporaryQueue.Client, TemporaryQueue.Envelope, 2048);
        foreach (var line in _lines)
        {
            file.WriteLine(line);
        }

        return file.ContentSize;
    }

    [Benchmark(Description = "create + write + durable commit")]
    public long WriteAndCommit()
    {
        var store = _queue!.Store;
        using var file = store.Create(store.NewQueueId(), DateTimeOffset.UnixEpoch, TemporaryQueue.Client, TemporaryQueue.Envelope, 2048);
        foreach (var line in _lines)
        {
            file.WriteLine(line);
        }

        file.Commit();
        return file.ContentSize;
    }
}
