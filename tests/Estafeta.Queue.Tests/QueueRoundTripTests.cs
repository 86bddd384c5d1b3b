using System.Net;
using System.Text;
using Estafeta.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Queue.Tests;

public sealed class QueueRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 21, 40, 51, TimeSpan.Zero).AddTicks(1_234_567));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Committed_message_reads_back_equal()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        var envelope = new Envelope
        {
            Sender = "jose@example.org",
            Recipients =
            [
                new EnvelopeRecipient("usuario@example.org", DsnNotify.Success | DsnNotify.Failure, "rfc822;usuario@example.org"),
                new EnvelopeRecipient("otro@example.net"),
            ],
            DeclaredSize = 12345,
            Body = BodyType.EightBitMime,
            SmtpUtf8 = true,
            Return = DsnReturn.Headers,
            EnvelopeId = "env-1",
        };
        var client = Samples.Client with { Address = IPAddress.Parse("2001:db8::1"), LocalUserId = 1000 };
        var longLine = Encoding.ASCII.GetBytes(new string('x', 5000));
        byte[][] lines = [.. new[] { "Subject: hola", "", "cuerpo ñ" }.Select(Encoding.UTF8.GetBytes), longLine, [], [0x80, 0xFF, 0x00]];

        using (var writer = store.Create(id, _time.GetUtcNow(), client, envelope, linePieceLimit: 2048))
        {
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }

            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        var path = store.PathOf(QueueName.Incoming, id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
        var file = QueueFile.Open(path);
        Assert.Equal(id, file.QueueId);
        Assert.Equal(_time.GetUtcNow().UtcTicks / 10, file.ArrivalTime.UtcTicks / 10);
        Assert.Equal(envelope.Sender, file.Envelope.Sender);
        Assert.Equal(envelope.Recipients, file.Envelope.Recipients);
        Assert.Equal(envelope with { Recipients = file.Envelope.Recipients }, file.Envelope);
        Assert.Equal(client, file.Client);
        Assert.All(file.Recipients, r => Assert.Equal(RecipientStatus.Pending, r.Status));
        Assert.Equal(lines.Sum(l => l.Length + 2), file.ContentSize);
        var read = file.ReadLines().ToList();
        Assert.Equal(lines.Length, read.Count);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.Equal(lines[i], read[i]);
        }
    }

    [Fact]
    public void Long_line_is_stored_in_pieces_no_longer_than_the_limit()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        using (var writer = store.Create(id, _time.GetUtcNow(), Samples.Client, Samples.Envelope("a@example.org"), linePieceLimit: 2048))
        {
            writer.WriteLine(Encoding.ASCII.GetBytes(new string('y', 5000)));
            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        // The file holds no run of 'y' longer than one piece: the line really was folded on disk.
        var bytes = File.ReadAllBytes(store.PathOf(QueueName.Incoming, id));
        var longestRun = 0;
        var run = 0;
        foreach (var b in bytes)
        {
            run = b == (byte)'y' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        Assert.Equal(2048, longestRun);
    }

    [Fact]
    public void Recipient_marked_done_in_place_keeps_the_file_valid()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        using (var writer = store.Create(id, _time.GetUtcNow(), Samples.Client, Samples.Envelope("a@example.org", "b@example.org"), 2048))
        {
            writer.WriteLine("x"u8);
            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        var path = store.PathOf(QueueName.Incoming, id);
        var before = new FileInfo(path).Length;
        var file = QueueFile.Open(path);
        QueueFile.UpdateRecipientStatus(path, file.Recipients[1], RecipientStatus.Done);

        var again = QueueFile.Open(path);
        Assert.Equal(before, new FileInfo(path).Length);
        Assert.Equal([RecipientStatus.Pending, RecipientStatus.Done], again.Recipients.Select(r => r.Status));
        Assert.Empty(store.Recover().CorruptQueueIds);
    }

    [Fact]
    public void Disposing_without_commit_leaves_nothing()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        using (var writer = store.Create(id, _time.GetUtcNow(), Samples.Client, Samples.Envelope("a@example.org"), 2048))
        {
            writer.WriteLine("half a message"u8);
            Assert.True(File.Exists(Path.Combine(_dir.Path, "tmp", id)));
        }

        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void State_directories_are_created_private()
    {
        _ = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        foreach (var name in new[] { "tmp", "incoming", "active", "deferred", "hold", "corrupt" })
        {
            var path = Path.Combine(_dir.Path, name);
            Assert.True(Directory.Exists(path), name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Move_changes_state_by_rename()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        using (var writer = store.Create(id, _time.GetUtcNow(), Samples.Client, Samples.Envelope("a@example.org"), 2048))
        {
            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        var moved = store.Move(store.Find(id)!, QueueName.Hold);
        Assert.Equal(QueueName.Hold, store.Find(id)!.Queue);
        Assert.False(File.Exists(store.PathOf(QueueName.Incoming, id)));
        Assert.Equal(id, QueueFile.Open(moved.Path).QueueId);
    }
}
