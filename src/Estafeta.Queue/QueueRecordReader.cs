using System.Buffers.Binary;

namespace Estafeta.Queue;

/// <summary>
/// Reads typed length-prefixed records one at a time into a reused buffer. Every length is checked
/// against the format's maximum and the bytes left in the file before anything is allocated.
/// </summary>
internal sealed class QueueRecordReader(Stream stream, long fileLength)
{
    private byte[] _buffer = new byte[4096];

    public long Position { get; private set; }

    public bool AtEnd => Position >= fileLength;

    public byte Type { get; private set; }

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, DataLength);

    public Span<byte> Header => _header;

    public int DataLength { get; private set; }

    /// <summary>Offset where the current record begins.</summary>
    public long RecordOffset { get; private set; }

    private readonly byte[] _header = new byte[QueueRecordType.HeaderLength];

    public void SkipTo(long position)
    {
        stream.Position = position;
        Position = position;
    }

    /// <summary>Reads the next record; throws QueueFormatException on a truncated or oversized one.</summary>
    public void ReadNext()
    {
        RecordOffset = Position;
        if (fileLength - Position < QueueRecordType.HeaderLength)
        {
            throw new QueueFormatException("truncated record header");
        }

        stream.ReadExactly(_header);
        Type = _header[0];
        var length = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(1));
        if (length < 0 || length > QueueRecordType.MaxDataLength || length > fileLength - Position - QueueRecordType.HeaderLength)
        {
            throw new QueueFormatException("bad record length");
        }

        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        stream.ReadExactly(_buffer, 0, length);
        DataLength = length;
        Position += QueueRecordType.HeaderLength + length;
    }

    /// <summary>The current record's data, writable (recovery normalises status bytes before hashing).</summary>
    public Span<byte> MutableData => _buffer.AsSpan(0, DataLength);
}
