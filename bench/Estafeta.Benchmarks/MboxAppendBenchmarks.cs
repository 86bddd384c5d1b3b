using System.Text;
using BenchmarkDotNet.Attributes;
using Estafeta.Delivery.Local;
using Estafeta.Queue;

namespace Estafeta.Benchmarks;

/// <summary>Appending one queued message to an mbox as the local agent does (From_ line, Return-Path:,
/// Delivered-To:, the content with LF endings and ">From " quoting, a blank line), read from its queue file
/// through the pooled content reader. No lock and no fdatasync: those are the kernel's cost, measured whole by
/// bench/run.sh; this is ours.</summary>
[MemoryDiagnoser]
public class MboxAppendBenchmarks
{
    private TemporaryQueue? _queue;
    private LocalMessage? _message;
    private FileStream? _mbox;
    private readonly CopyOptions _options = CopyOptions.Mbox("bob@bench.example");

    [Params(5 * 1024, 100 * 1024)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _queue = new TemporaryQueue();
        var store = _queue.Store;
        var id = store.NewQueueId();
        using (var file = store.Create(id, DateTimeOffset.UnixEpoch, TemporaryQueue.Client, TemporaryQueue.Envelope, 2048))
        {
            foreach (var header in new[] { "From: <alice@example.org>", "To: <bob@bench.example>", "Subject: benchmark", "" })
            {
                file.WriteLine(Encoding.ASCII.GetBytes(header));
            }

            var size = 0;
            for (var i = 0; size < MessageBytes; i++)
            {
                // One line in 50 needs ">From " quoting.
                var line = Encoding.ASCII.GetBytes(i % 50 == 0 ? "From the desk of the benchmark, la de da." : "La de da de da. La de da de da. La de da de da. La de da de da.");
                file.WriteLine(line);
                size += line.Length + 2;
            }

            file.Commit();
        }

        _message = new LocalMessage(QueueFile.Open(store.PathOf(QueueName.Incoming, id)), "alice@example.org");
        _mbox = new FileStream(Path.Combine(_queue.Root, "bob"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mbox?.Dispose();
        _queue?.Dispose();
    }

    [IterationCleanup]
    public void EmptyMbox()
    {
        _mbox!.SetLength(0);
        _mbox.Position = 0;
    }

    [Benchmark(Description = "append a queued message to an mbox (no lock, no fdatasync)")]
    public long Append()
    {
        MessageCopier.Copy(_message!, _options, DateTimeOffset.UnixEpoch, _mbox!);
        return _mbox!.Length;
    }
}
