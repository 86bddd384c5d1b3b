using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Queue.Tests;

public sealed class QueueRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 21, 40, 51, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private static byte[] CommittedFileBytes(QueueStore store, out string id)
    {
        id = store.NewQueueId();
        using (var writer = store.Create(id, DateTimeOffset.UnixEpoch.AddDays(20000), Samples.Client, Samples.Envelope("a@example.org", "b@example.org"), 64))
        {
            writer.WriteLine("Subject: test"u8);
            writer.WriteLine(""u8);
            writer.WriteLine(new byte[200]);
            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        var path = store.PathOf(QueueName.Incoming, id);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    public static TheoryData<int> Cuts => [0, 1, 4, 5, 20, 100, 300, -41, -40, -1];

    [Theory]
    [MemberData(nameof(Cuts))]
    public void Truncated_file_is_moved_to_corrupt_and_logged(int cut)
    {
        var logs = new CapturingLoggerFactory();
        var store = new QueueStore(_dir.Path, _time, logs);
        var bytes = CommittedFileBytes(store, out var id);
        var length = cut >= 0 ? cut : bytes.Length + cut;
        File.WriteAllBytes(store.PathOf(QueueName.Deferred, id), bytes[..length]);

        var report = store.Recover();

        Assert.Equal([id], report.CorruptQueueIds);
        Assert.True(File.Exists(store.PathOf(QueueName.Corrupt, id)));
        Assert.False(File.Exists(store.PathOf(QueueName.Deferred, id)));
        var line = Assert.Single(logs.Lines, l => l.Category == "qmgr" && l.Level == LogLevel.Warning);
        Assert.StartsWith(id + ": ", line.Text);
        Assert.EndsWith(": corrupt queue file, moved to corrupt", line.Text);
        Assert.Throws<QueueFormatException>(() => QueueFile.Open(store.PathOf(QueueName.Corrupt, id)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(150)]
    [InlineData(-30)]
    [InlineData(-1)]
    public void Flipped_byte_is_detected(int position)
    {
        var store = new QueueStore(_dir.Path, _time, new CapturingLoggerFactory());
        var bytes = CommittedFileBytes(store, out var id);
        var index = position >= 0 ? position : bytes.Length + position;
        bytes[index] ^= 0x01;
        File.WriteAllBytes(store.PathOf(QueueName.Incoming, id), bytes);

        Assert.Equal([id], store.Recover().CorruptQueueIds);
        Assert.True(File.Exists(store.PathOf(QueueName.Corrupt, id)));
    }

    [Fact]
    public void Unknown_version_is_corrupt()
    {
        var store = new QueueStore(_dir.Path, _time, new CapturingLoggerFactory());
        var bytes = CommittedFileBytes(store, out var id);
        var version = "estafeta-queue 1"u8.ToArray();
        var at = bytes.AsSpan().IndexOf(version);
        bytes[at + version.Length - 1] = (byte)'9';
        File.WriteAllBytes(store.PathOf(QueueName.Active, id), bytes);

        var report = store.Recover();

        Assert.Equal([id], report.CorruptQueueIds);
        var exception = Assert.Throws<QueueFormatException>(() => QueueFile.Open(store.PathOf(QueueName.Corrupt, id)));
        Assert.Contains("version", exception.Message);
    }

    [Fact]
    public void Data_after_the_end_record_is_corrupt()
    {
        var store = new QueueStore(_dir.Path, _time, new CapturingLoggerFactory());
        var bytes = CommittedFileBytes(store, out var id);
        File.WriteAllBytes(store.PathOf(QueueName.Hold, id), [.. bytes, (byte)'N', 0, 0, 0, 0]);

        Assert.Equal([id], store.Recover().CorruptQueueIds);
    }

    [Fact]
    public void Intact_files_stay_and_tmp_leftovers_are_deleted()
    {
        var store = new QueueStore(_dir.Path, _time, new CapturingLoggerFactory());
        var bytes = CommittedFileBytes(store, out var id);
        File.WriteAllBytes(store.PathOf(QueueName.Incoming, id), bytes);
        File.WriteAllBytes(Path.Combine(_dir.Path, "tmp", "0123456789AB"), bytes[..50]);
        File.WriteAllBytes(Path.Combine(_dir.Path, "tmp", "0123456789AC"), bytes);

        var report = store.Recover();

        Assert.Equal(2, report.TemporaryFilesRemoved);
        Assert.Empty(report.CorruptQueueIds);
        Assert.Equal(1, report.ValidFiles);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
        Assert.True(File.Exists(store.PathOf(QueueName.Incoming, id)));
    }
}
