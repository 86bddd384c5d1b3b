namespace Estafeta.Pickup;

/// <summary>
/// The content of a drop file as whole lines (without their LF), so that a long line reaches Cleanup as
/// one line (Cleanup stores it in pieces and delivery rebuilds it). A line is at most the content length,
/// which pickup has already bounded by message_size_limit.
/// </summary>
internal sealed class ContentLineReader(Stream stream, long contentLength)
{
    private const int ChunkSize = 64 * 1024;

    private byte[] _buffer = new byte[ChunkSize];
    private int _start;
    private int _end;
    private long _remaining = contentLength;

    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var lf = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                line = _buffer.AsSpan(_start, lf);
                _start += lf + 1;
                return true;
            }

            if (_remaining == 0)
            {
                line = default;
                return _start == _end ? false : throw new DropFileFormatException("content does not end with a line end");
            }

            Fill();
        }
    }

    private void Fill()
    {
        var pending = _end - _start;
        if (pending == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, (long)_buffer.Length * 2));
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        var want = (int)Math.Min(_buffer.Length - _end, _remaining);
        var read = stream.Read(_buffer, _end, want);
        if (read == 0)
        {
            throw new DropFileFormatException("content shorter than its length");
        }

        _end += read;
        _remaining -= read;
    }
}
