using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Estafeta.Queue;

/// <summary>
/// Appends typed length-prefixed records to a queue file through one pooled buffer, feeding every byte to the
/// SHA-256 that the END record carries. The buffer is hashed and written whole (one hash update and one write(2)
/// per 64 KiB, not two of each per line) and goes back to the pool when the file is closed, so a message costs
/// no buffer allocation. Knows nothing of envelopes or lines.
/// </summary>
internal sealed class QueueRecordWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly FileStream _stream;
    private readonly SafeFileHandle _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _buffered;
    private long _written;

    /// <param name="stream">The file, opened unbuffered (bufferSize 0): only its handle is used.</param>
    public QueueRecordWriter(FileStream stream)
    {
        _stream = stream;
        _file = stream.SafeFileHandle;
    }

    /// <summary>Offset of the next record; a recipient's status byte is at its record offset + 5.</summary>
    public long Position => _written + _buffered;

    public void Write(byte type, ReadOnlySpan<byte> data)
    {
        if (data.Length > QueueRecordType.MaxDataLength)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "queue record too long");
        }

        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(QueueRecordWriter));
        if (buffer.Length - _buffered < QueueRecordType.HeaderLength + data.Length)
        {
            Flush();
        }

        buffer[_buffered] = type;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(_buffered + 1), data.Length);
        _buffered += QueueRecordType.HeaderLength;
        if (data.Length <= buffer.Length - _buffered)
        {
            data.CopyTo(buffer.AsSpan(_buffered));
            _buffered += data.Length;
            return;
        }

        // A record bigger than the buffer goes straight to the file after its header.
        Flush();
        WriteOut(data);
    }

    /// <summary>The END record (content size and the checksum of everything written before it), written out.</summary>
    public void WriteEnd(long contentSize)
    {
        Flush();
        Span<byte> record = stackalloc byte[QueueRecordType.HeaderLength + 8 + SHA256.HashSizeInBytes];
        record[0] = QueueRecordType.End;
        BinaryPrimitives.WriteInt32BigEndian(record[1..], record.Length - QueueRecordType.HeaderLength);
        BinaryPrimitives.WriteInt64BigEndian(record[QueueRecordType.HeaderLength..], contentSize);
        _hash.GetHashAndReset(record[(QueueRecordType.HeaderLength + 8)..]);
        RandomAccess.Write(_file, record, _written);
        _written += record.Length;
    }

    /// <summary>fsync(2) of what was written (call after <see cref="WriteEnd"/>).</summary>
    public void SyncToDisk() => RandomAccess.FlushToDisk(_file);

    /// <summary>Closes the file; what is still buffered is dropped (the caller deletes an unfinished file).</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _hash.Dispose();
        _stream.Dispose();
    }

    private void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        var pending = _buffered;
        _buffered = 0;
        WriteOut(_buffer.AsSpan(0, pending));
    }

    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        RandomAccess.Write(_file, bytes, _written);
        _written += bytes.Length;
    }
}
