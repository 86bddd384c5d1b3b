namespace Estafeta.Pickup;

/// <summary>
/// Splits a stream into LF-terminated lines, handing a line longer than the buffer out in pieces (as
/// Postfix's rec_streamlf_get does with REC_TYPE_CONT), so memory stays bounded whatever the input.
/// A CR at the end of a full buffer is kept back, so "CR LF" split across two reads still ends one line.
/// </summary>
internal sealed class InputLineReader(Stream input, int bufferSize = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private bool _endOfInput;

    /// <summary>The next line or piece, without its LF. False at the end of the input.</summary>
    /// <param name="piece">Valid until the next call.</param>
    /// <param name="complete">True when the piece ends its line (an LF, or the end of the input).</param>
    public bool TryRead(out ReadOnlySpan<byte> piece, out bool complete)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var lf = pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                piece = pending[..lf];
                _start += lf + 1;
                complete = true;
                return true;
            }

            if (_endOfInput)
            {
                _start = _end;
                piece = pending;
                complete = true;
                return !pending.IsEmpty;
            }

            if (pending.Length == _buffer.Length)
            {
                var take = pending[^1] == (byte)'\r' ? pending.Length - 1 : pending.Length;
                piece = pending[..take];
                _start += take;
                complete = false;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = input.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfInput = true;
        }

        _end += read;
    }
}
