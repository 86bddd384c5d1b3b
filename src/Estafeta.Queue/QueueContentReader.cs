using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Estafeta.Queue;

/// <summary>
/// Reads a queue file's content lines as spans into one pooled buffer: no allocation per line, one read(2) per
/// 64 KiB. A line stored in pieces is joined in a second pooled buffer. Each span is valid until the next call.
/// Throws QueueFormatException for a record that does not belong in the content or runs past the file's end.
/// </summary>
public sealed class QueueContentReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly SafeFileHandle _file;
    private readonly long _fileLength;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private byte[]? _joined;
    private long _bufferOffset; // file offset of _buffer[0]
    private int _start;
    private int _end;
    private bool _finished;

    internal QueueContentReader(string path, long contentOffset)
    {
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        _fileLength = RandomAccess.GetLength(_file);
        _bufferOffset = contentOffset;
    }

    /// <summary>The next line without its line ending; false after the last one.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        line = default;
        var joinedLength = 0;
        while (!_finished)
        {
            var type = NextRecord(out var data);
            switch (type)
            {
                case QueueRecordType.Line when joinedLength == 0:
                    line = data;
                    return true;
                case QueueRecordType.Line or QueueRecordType.LinePiece:
                    joinedLength = Join(data, joinedLength);
                    if (type == QueueRecordType.Line)
                    {
                        line = _joined.AsSpan(0, joinedLength);
                        return true;
                    }

                    break;
                case QueueRecordType.End:
                    _finished = true;
                    break;
                default:
                    throw new QueueFormatException($"unexpected record type 0x{type:X2} in content");
            }
        }

        return false;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        if (_joined is not null)
        {
            ArrayPool<byte>.Shared.Return(_joined);
            _joined = null;
        }

        _file.Dispose();
    }

    private byte NextRecord(out ReadOnlySpan<byte> data)
    {
        Fill(QueueRecordType.HeaderLength);
        var type = _buffer[_start];
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 1));
        if (length < 0 || length > QueueRecordType.MaxDataLength)
        {
            throw new QueueFormatException("bad record length");
        }

        Fill(QueueRecordType.HeaderLength + length);
        data = _buffer.AsSpan(_start + QueueRecordType.HeaderLength, length);
        _start += QueueRecordType.HeaderLength + length;
        return type;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes from _start available in the buffer.</summary>
    private void Fill(int count)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_bufferOffset + _start + count > _fileLength)
        {
            throw new QueueFormatException("truncated queue file");
        }

        if (count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(count);
            _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        }

        _bufferOffset += _start;
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            var read = RandomAccess.Read(_file, _buffer.AsSpan(_end), _bufferOffset + _end);
            if (read == 0)
            {
                throw new QueueFormatException("truncated queue file");
            }

            _end += read;
        }
    }

    private int Join(ReadOnlySpan<byte> piece, int joinedLength)
    {
        var needed = joinedLength + piece.Length;
        if (_joined is null || _joined.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 4096));
            _joined?.AsSpan(0, joinedLength).CopyTo(bigger);
            if (_joined is not null)
            {
                ArrayPool<byte>.Shared.Return(_joined);
            }

            _joined = bigger;
        }

        piece.CopyTo(_joined.AsSpan(joinedLength));
        return needed;
    }
}
