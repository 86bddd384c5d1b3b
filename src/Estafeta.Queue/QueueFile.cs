// Reads a committed queue file back (for delivery, `queue show` and `mailq`).
// Trusts: nothing in the file until the END record's SHA-256 matched; every length is bounded.
// Must never: hand out part of a file that failed validation (that is a corrupt file, never half a message).
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Queue;

/// <summary>A validated queue file: envelope, recipients with status, arrival time, and a content reader.</summary>
public sealed class QueueFile
{
    private const int EnvelopeBufferSize = 4096;
    private const int HashChunkSize = 64 * 1024;
    private const int EndDataLength = 8 + SHA256.HashSizeInBytes;

    private QueueFile(string path, DateTimeOffset arrival, ClientInfo client, Envelope envelope, IReadOnlyList<QueuedRecipient> recipients, long contentOffset, long contentSize)
    {
        Path = path;
        ArrivalTime = arrival;
        Client = client;
        Envelope = envelope;
        Recipients = recipients;
        ContentOffset = contentOffset;
        ContentSize = contentSize;
    }

    public string Path { get; }

    public string QueueId => System.IO.Path.GetFileName(Path);

    public DateTimeOffset ArrivalTime { get; }

    public ClientInfo Client { get; }

    public Envelope Envelope { get; }

    public IReadOnlyList<QueuedRecipient> Recipients { get; }

    /// <summary>Content bytes as received, each line counted with CRLF (what mailq shows as the size).</summary>
    public long ContentSize { get; }

    internal long ContentOffset { get; }

    /// <summary>Reads and checks the whole file. Throws QueueFormatException for a torn, truncated or
    /// unknown-version file; IOException when it cannot be read.</summary>
    public static QueueFile Open(string path) => Read(path, envelopeOnly: false);

    /// <summary>Reads the envelope and the size from the END record without checking the checksum
    /// (for listings of large queues). Never use it to deliver: use <see cref="Open"/>.</summary>
    public static QueueFile OpenEnvelope(string path) => Read(path, envelopeOnly: true);

    private static QueueFile Read(string path, bool envelopeOnly)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, EnvelopeBufferSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new QueueRecordReader(stream, stream.Length);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var recipients = new List<QueuedRecipient>();
        DateTimeOffset? arrival = null;
        string? sender = null;
        long contentOffset = -1;
        var first = true;
        try
        {
            while (true)
            {
                if (reader.AtEnd)
                {
                    throw new QueueFormatException("missing END record");
                }

                reader.ReadNext();
                if (first && reader.Type != QueueRecordType.Version)
                {
                    throw new QueueFormatException("missing version record");
                }

                if (reader.Type == QueueRecordType.End)
                {
                    var size = CheckEnd(reader, hash, contentOffset);
                    return Build(path, arrival, sender, recipients, attributes, contentOffset, size);
                }

                if (reader.Type == QueueRecordType.Recipient && reader.DataLength > 0)
                {
                    // The checksum counts every status byte as Pending: delivery rewrites them in place.
                    var actualStatus = reader.MutableData[0];
                    reader.MutableData[0] = (byte)RecipientStatus.Pending;
                    hash.AppendData(reader.Header);
                    hash.AppendData(reader.Data);
                    reader.MutableData[0] = actualStatus;
                }
                else
                {
                    hash.AppendData(reader.Header);
                    hash.AppendData(reader.Data);
                }

                var inContent = contentOffset >= 0;
                switch (reader.Type)
                {
                    case QueueRecordType.Version when first:
                        if (Encoding.ASCII.GetString(reader.Data) != QueueRecordType.VersionText)
                        {
                            throw new QueueFormatException("unknown queue file version");
                        }

                        break;
                    case QueueRecordType.Arrival when !inContent:
                        arrival = ParseArrival(reader.Data);
                        break;
                    case QueueRecordType.Sender when !inContent:
                        sender = Encoding.UTF8.GetString(reader.Data);
                        break;
                    case QueueRecordType.Attribute when !inContent:
                        var text = Encoding.UTF8.GetString(reader.Data);
                        var equals = text.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0)
                        {
                            throw new QueueFormatException("malformed attribute record");
                        }

                        attributes[text[..equals]] = text[(equals + 1)..];
                        break;
                    case QueueRecordType.Recipient when !inContent:
                        var (recipient, status) = QueueRecipientCodec.Decode(reader.Data);
                        recipients.Add(new QueuedRecipient(recipient, status, reader.RecordOffset + QueueRecipientCodec.StatusOffsetInRecord));
                        break;
                    case QueueRecordType.ContentStart when !inContent:
                        contentOffset = reader.Position;
                        var endOffset = stream.Length - QueueRecordType.HeaderLength - EndDataLength;
                        if (endOffset < contentOffset)
                        {
                            throw new QueueFormatException("missing END record");
                        }

                        // The content is checked in bulk: the checksum covers its records byte for byte, and
                        // QueueContentReader checks their structure when they are read.
                        if (!envelopeOnly)
                        {
                            HashRange(stream, contentOffset, endOffset, hash);
                        }

                        reader.SkipTo(endOffset);
                        reader.ReadNext();
                        if (reader.Type != QueueRecordType.End || reader.DataLength != EndDataLength)
                        {
                            throw new QueueFormatException("missing END record");
                        }

                        var size = envelopeOnly ? BinaryPrimitives.ReadInt64BigEndian(reader.Data) : CheckEnd(reader, hash, contentOffset);
                        return Build(path, arrival, sender, recipients, attributes, contentOffset, size);
                    default:
                        throw new QueueFormatException($"unexpected record type 0x{reader.Type:X2}");
                }

                first = false;
            }
        }
        catch (EndOfStreamException exception)
        {
            throw new QueueFormatException("truncated queue file", exception);
        }
    }

    /// <summary>The content lines (header and body, without line endings), long lines rebuilt from their pieces,
    /// each in an array of its own. The delivery agents use <see cref="OpenContent"/>, which allocates nothing per line.</summary>
    public IEnumerable<byte[]> ReadLines()
    {
        using var content = OpenContent();
        while (true)
        {
            byte[] line;
            if (!content.TryReadLine(out var span))
            {
                yield break;
            }

            line = span.ToArray();
            yield return line;
        }
    }

    /// <summary>A reader of the content lines as spans into a pooled buffer (dispose it).</summary>
    public QueueContentReader OpenContent() => new(Path, ContentOffset);

    /// <summary>Marks one recipient in place: a positioned one-byte write (Postfix's deliver_completed), then, when
    /// <paramref name="durable"/>, fsync. A mark lost in a crash means the recipient is tried again, never lost; the
    /// queue manager therefore marks without fsync, after any bounce record it needs is already durable.</summary>
    public static void UpdateRecipientStatus(string path, QueuedRecipient recipient, RecipientStatus status, bool durable = true)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        ReadOnlySpan<byte> value = [(byte)status];
        RandomAccess.Write(handle, value, recipient.StatusOffset);
        if (durable)
        {
            RandomAccess.FlushToDisk(handle);
        }
    }

    private static QueueFile Build(string path, DateTimeOffset? arrival, string? sender, List<QueuedRecipient> recipients, Dictionary<string, string> attributes, long contentOffset, long size)
    {
        var envelope = QueueEnvelopeAttributes.ToEnvelope(
            sender ?? throw new QueueFormatException("missing sender record"),
            [.. recipients.Select(r => r.Recipient)],
            attributes);
        return new QueueFile(
            path,
            arrival ?? throw new QueueFormatException("missing arrival record"),
            QueueEnvelopeAttributes.ToClient(attributes),
            envelope,
            recipients,
            contentOffset,
            size >= 0 ? size : throw new QueueFormatException("bad content size"));
    }

    private static void HashRange(FileStream stream, long from, long to, IncrementalHash hash)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(HashChunkSize);
        try
        {
            stream.Position = from;
            var left = to - from;
            while (left > 0)
            {
                var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
                if (read == 0)
                {
                    throw new QueueFormatException("truncated queue file");
                }

                hash.AppendData(chunk, 0, read);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static long CheckEnd(QueueRecordReader reader, IncrementalHash hash, long contentOffset)
    {
        if (contentOffset < 0)
        {
            throw new QueueFormatException("missing content");
        }

        if (reader.DataLength != EndDataLength)
        {
            throw new QueueFormatException("bad END record");
        }

        if (!reader.AtEnd)
        {
            throw new QueueFormatException("data after END record");
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(actual);
        if (!actual.SequenceEqual(reader.Data[8..]))
        {
            throw new QueueFormatException("checksum mismatch");
        }

        var size = BinaryPrimitives.ReadInt64BigEndian(reader.Data);
        return size >= 0 ? size : throw new QueueFormatException("bad content size");
    }

    private static DateTimeOffset ParseArrival(ReadOnlySpan<byte> data)
    {
        if (!long.TryParse(Encoding.ASCII.GetString(data), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / 10)
        {
            throw new QueueFormatException("bad arrival record");
        }

        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);
    }
}
