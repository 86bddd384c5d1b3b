using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Queue.Tests;

public sealed class DiskFullTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Full_disk_gives_insufficient_storage_and_the_queue_recovers()
    {
        using var tmpfs = TmpfsMount.Create(_dir.Path, "1m");
        var store = new QueueStore(Path.Combine(tmpfs.Path, "queue"), TimeProvider.System, NullLoggerFactory.Instance);
        var line = Enumerable.Repeat((byte)'z', 998).ToArray();
        var committed = new List<string>();
        QueueCommitResult? failure = null;
        string? failedId = null;

        // 300 KB per message: the 1 MiB file system fills within a handful.
        for (var message = 0; message < 20 && failure is null; message++)
        {
            var id = store.NewQueueId();
            using var writer = store.Create(id, DateTimeOffset.UtcNow, Samples.Client, Samples.Envelope("a@example.org"), 2048);
            for (var i = 0; i < 300; i++)
            {
                writer.WriteLine(line);
            }

            var result = writer.Commit();
            if (result == QueueCommitResult.Committed)
            {
                committed.Add(id);
            }
            else
            {
                failure = result;
                failedId = id;
            }
        }

        Assert.Equal(QueueCommitResult.InsufficientStorage, failure);
        Assert.NotEmpty(committed);
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Directory, "tmp")));
        Assert.Null(store.Find(failedId!));
        Assert.True(store.GetFreeBytes() < 300 * 1000);

        foreach (var id in committed)
        {
            File.Delete(store.PathOf(QueueName.Incoming, id));
        }

        var again = store.NewQueueId();
        using (var writer = store.Create(again, DateTimeOffset.UtcNow, Samples.Client, Samples.Envelope("a@example.org"), 2048))
        {
            for (var i = 0; i < 300; i++)
            {
                writer.WriteLine(line);
            }

            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        Assert.Equal(300 * 1000, QueueFile.Open(store.PathOf(QueueName.Incoming, again)).ContentSize);
    }
}
