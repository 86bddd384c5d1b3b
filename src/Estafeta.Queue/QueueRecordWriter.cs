using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Estafeta.Queue;

/// <summary>
/// Appends typed length-prefixed records to a queue file through a large buffer, feeding every
/// byte to the SHA-256 that the END record carries. Knows nothing of envelopes or lines.
/// </summary>
internal sealed class QueueRecordWriter(FileStream stream) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public FileStream Stream => stream;

    /// <summary>Offset of the next record; a recipient's status byte is at its record offset + 5.</summary>
    public long Position { get; private set; }

    public void Write(byte type, ReadOnlySpan<byte> data)
    {
        if (data.Length > QueueRecordType.MaxDataLength)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "queue record too long");
        }

        Span<byte> header = stackalloc byte[QueueRecordType.HeaderLength];
        header[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], data.Length);
        stream.Write(header);
        stream.Write(data);
        _hash.AppendData(header);
        _hash.AppendData(data);
        Position += header.Length + data.Length;
    }

    /// <summary>The END record: content size and the checksum of everything written before it.</summary>
    public void WriteEnd(long contentSize)
    {
        Span<byte> data = stackalloc byte[8 + SHA256.HashSizeInBytes];
        BinaryPrimitives.WriteInt64BigEndian(data, contentSize);
        _hash.GetHashAndReset(data[8..]);
        Span<byte> header = stackalloc byte[QueueRecordType.HeaderLength];
        header[0] = QueueRecordType.End;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], data.Length);
        stream.Write(header);
        stream.Write(data);
        Position += header.Length + data.Length;
    }

    public void Dispose()
    {
        _hash.Dispose();
        stream.Dispose();
    }
}
