using System.Text;
using Estafeta.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Queue.Tests;

/// <summary>A removed message's file waits, emptied, in spare/ and becomes the next message's file: no inode is
/// allocated, and nothing of the old message survives into the new one.</summary>
public sealed class SpareFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_removed_file_is_emptied_in_spare_and_reused_by_the_next_message()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var spare = Path.Combine(_dir.Path, "spare");
        var first = Write(store, Enumerable.Repeat("secreto del primer mensaje", 2000));
        var firstPath = store.PathOf(QueueName.Incoming, first);
        var inode = Inode(firstPath);

        Assert.True(store.Remove(new QueueEntry(QueueName.Incoming, first, firstPath), durable: false));
        Assert.False(File.Exists(firstPath));
        var kept = Assert.Single(Directory.GetFiles(spare));
        Assert.Equal(0, new FileInfo(kept).Length);

        var second = Write(store, ["Subject: segundo", "", "corto"]);
        var secondPath = store.PathOf(QueueName.Incoming, second);
        Assert.Empty(Directory.GetFiles(spare));
        Assert.Equal(inode, Inode(secondPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secondPath));
        var lines = QueueFile.Open(secondPath).ReadLines().Select(Encoding.UTF8.GetString).ToList();
        Assert.Equal(["Subject: segundo", "", "corto"], lines);
        Assert.DoesNotContain("secreto", File.ReadAllText(secondPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Prepared_spare_files_are_empty_private_and_taken_by_new_messages()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var spare = Path.Combine(_dir.Path, "spare");

        var created = store.PrepareSpareFiles();

        var files = Directory.GetFiles(spare);
        Assert.Equal(created, files.Length);
        Assert.True(created >= 256, $"only {created} spare files");
        Assert.All(files, f => Assert.Equal(0, new FileInfo(f).Length));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.Equal(0, store.PrepareSpareFiles());

        var id = Write(store, ["Subject: uno", "", "cuerpo"]);
        Assert.Equal(created - 1, Directory.GetFiles(spare).Length);
        Assert.Equal(["Subject: uno", "", "cuerpo"], QueueFile.Open(store.PathOf(QueueName.Incoming, id)).ReadLines().Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Removing_a_file_that_is_gone_says_so_and_keeps_nothing()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        Assert.False(store.Remove(new QueueEntry(QueueName.Active, id, store.PathOf(QueueName.Active, id))));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "spare")));
    }

    private string Write(QueueStore store, IEnumerable<string> lines)
    {
        var id = store.NewQueueId();
        using var writer = store.Create(id, _time.GetUtcNow(), Samples.Client, Samples.Envelope("a@example.org"), linePieceLimit: 2048);
        foreach (var line in lines)
        {
            writer.WriteLine(Encoding.UTF8.GetBytes(line));
        }

        Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        return id;
    }

    /// <summary>The file's inode number, as stat(1) prints it.</summary>
    private static string Inode(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
