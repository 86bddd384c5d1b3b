using System.Text;
using Estafeta.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Queue.Tests;

/// <summary>The writer and the content reader buffer 64 KiB at a time: records that straddle a buffer's end, records
/// bigger than the buffer, and a damaged byte in the middle of a large body.</summary>
public sealed class QueueBufferBoundaryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Large_message_with_lines_of_every_size_reads_back_line_for_line()
    {
        var (store, id, lines) = WriteLarge();

        var file = QueueFile.Open(store.PathOf(QueueName.Incoming, id));
        Assert.Equal(lines.Sum(l => l.Length + 2), file.ContentSize);
        using var content = file.OpenContent();
        var count = 0;
        while (content.TryReadLine(out var line))
        {
            Assert.True(line.SequenceEqual(lines[count]), $"line {count} differs ({line.Length} bytes read, {lines[count].Length} written)");
            count++;
        }

        Assert.Equal(lines.Count, count);
        Assert.False(content.TryReadLine(out _));
    }

    [Fact]
    public void One_changed_byte_deep_in_the_body_makes_the_file_corrupt()
    {
        var (store, id, _) = WriteLarge();
        var path = store.PathOf(QueueName.Incoming, id);
        var bytes = File.ReadAllBytes(path);
        var at = bytes.Length * 2 / 3;
        bytes[at] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<QueueFormatException>(() => QueueFile.Open(path));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    private (QueueStore Store, string Id, List<byte[]> Lines) WriteLarge()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        var id = store.NewQueueId();
        var lines = new List<byte[]>();
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            // Mostly short lines, some of several KiB, and a few longer than the 64 KiB buffer (stored in pieces).
            var length = i % 500 == 499 ? 70_000 + i : i % 37 == 0 ? random.Next(2000, 9000) : random.Next(0, 120);
            var line = new byte[length];
            for (var j = 0; j < length; j++)
            {
                line[j] = (byte)('a' + ((i + j) % 26));
            }

            lines.Add(line);
        }

        lines.Insert(0, Encoding.ASCII.GetBytes("Subject: grande"));
        using var writer = store.Create(id, _time.GetUtcNow(), Samples.Client, Samples.Envelope("a@example.org"), linePieceLimit: 65536);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }

        Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        return (store, id, lines);
    }
}
