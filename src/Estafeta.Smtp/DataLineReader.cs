// Splits message content (DATA or BDAT chunks) into lines, undoes dot-stuffing and finds the end of DATA.
// Trusts: nothing in the input. Must never: end DATA on anything but <CR><LF>.<CR><LF> (a "." line that
// ends in CRLF after a line that ended in CRLF), treat a bare CR as a line end, or hold more than
// MaxLineLength bytes of one line in memory (longer lines come out in pieces).
namespace Estafeta.Smtp;

public enum DataLineStatus
{
    /// <summary>All input was taken; a partial line (if any) is kept inside the reader.</summary>
    NeedMoreInput,

    /// <summary>A complete line, without its line ending, dot-unstuffed for DATA.</summary>
    Line,

    /// <summary>A piece of an over-long line; more of the same line follows.</summary>
    LinePiece,

    /// <summary>DATA only: the terminating "." line was read; input after it is untouched.</summary>
    EndOfData,
}

/// <summary>How the last complete line ended.</summary>
public enum LineEnding
{
    Crlf,

    /// <summary>A LF without CR before it (Postfix's "bare &lt;LF&gt;").</summary>
    BareLf,
}

/// <summary>Stateful line splitter for message content. One per session; <see cref="Reset"/> per message.</summary>
public sealed class DataLineReader
{
    public const int DefaultMaxLineLength = 65536;

    private readonly int _maxLineLength;

    // Allocated at the first line that crosses an input buffer, so idle sessions cost nothing.
    private byte[]? _pending;
    private int _pendingLength;
    private bool _carryCr;
    private bool _atLineStart = true;
    private bool _previousEndedWithCrlf = true;
    private bool _dotStuffed = true;

    public DataLineReader(int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 2);
        _maxLineLength = maxLineLength;
    }

    /// <summary>Content bytes so far: each line's unstuffed bytes plus 2 for its line ending.</summary>
    public long Size { get; private set; }

    public LineEnding LastLineEnding { get; private set; }

    /// <summary>True once any line of this message ended with a bare LF.</summary>
    public bool SawBareLineFeed { get; private set; }

    private byte[] Pending => _pending ??= new byte[_maxLineLength + 2];

    /// <summary>Starts a new message.</summary>
    /// <param name="dotStuffed">True for DATA (dot-stuffing and end detection), false for BDAT chunks.</param>
    /// <param name="commandEndedWithCrlf">Whether the DATA command line itself ended with CRLF: a "." right
    /// after a command that ended with a bare LF does not end the data.</param>
    public void Reset(bool dotStuffed, bool commandEndedWithCrlf = true)
    {
        _dotStuffed = dotStuffed;
        _pendingLength = 0;
        _carryCr = false;
        _atLineStart = true;
        _previousEndedWithCrlf = commandEndedWithCrlf;
        Size = 0;
        LastLineEnding = LineEnding.Crlf;
        SawBareLineFeed = false;
    }

    /// <summary>Takes input up to the end of the next line. The returned line stays valid until the next call.</summary>
    public DataLineStatus Read(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> line)
    {
        line = default;
        if (_carryCr)
        {
            Pending[0] = (byte)'\r';
            _pendingLength = 1;
            _carryCr = false;
        }

        if (input.IsEmpty)
        {
            return DataLineStatus.NeedMoreInput;
        }

        var lf = input.IndexOf((byte)'\n');
        if (lf >= 0 && _pendingLength + lf <= _maxLineLength + 1)
        {
            ReadOnlySpan<byte> raw;
            if (_pendingLength == 0)
            {
                raw = input[..lf];
            }
            else
            {
                input[..lf].CopyTo(Pending.AsSpan(_pendingLength));
                raw = Pending.AsSpan(0, _pendingLength + lf);
                _pendingLength = 0;
            }

            input = input[(lf + 1)..];
            return CompleteLine(raw, out line);
        }

        if (lf < 0 && _pendingLength + input.Length <= _maxLineLength)
        {
            input.CopyTo(Pending.AsSpan(_pendingLength));
            _pendingLength += input.Length;
            input = default;
            return DataLineStatus.NeedMoreInput;
        }

        // Over-long line: hand out what fills the buffer, keeping a trailing CR for the next piece so
        // that a CRLF split across pieces is still seen as one line end.
        var take = _maxLineLength - _pendingLength;
        input[..take].CopyTo(Pending.AsSpan(_pendingLength));
        input = input[take..];
        var pieceLength = _maxLineLength;
        if (Pending[pieceLength - 1] == (byte)'\r')
        {
            pieceLength--;
            _carryCr = true;
        }

        _pendingLength = 0;
        line = Pending.AsSpan(0, pieceLength);
        if (_atLineStart && _dotStuffed && !line.IsEmpty && line[0] == (byte)'.')
        {
            line = line[1..];
        }

        _atLineStart = false;
        Size += line.Length;
        return DataLineStatus.LinePiece;
    }

    /// <summary>BDAT LAST: the final line when the content did not end with a line ending.</summary>
    public bool TryFlush(out ReadOnlySpan<byte> line)
    {
        var length = _pendingLength + (_carryCr ? 1 : 0);
        if (length == 0)
        {
            line = default;
            _atLineStart = true;
            return false;
        }

        if (_carryCr)
        {
            Pending[_pendingLength] = (byte)'\r';
            _carryCr = false;
        }

        _pendingLength = 0;
        line = Pending.AsSpan(0, length);
        _atLineStart = true;
        Size += length;
        return true;
    }

    private DataLineStatus CompleteLine(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> line)
    {
        var crlf = !raw.IsEmpty && raw[^1] == (byte)'\r';
        if (crlf)
        {
            raw = raw[..^1];
        }
        else
        {
            SawBareLineFeed = true;
        }

        LastLineEnding = crlf ? LineEnding.Crlf : LineEnding.BareLf;
        var atLineStart = _atLineStart;
        var previousEndedWithCrlf = _previousEndedWithCrlf;
        _atLineStart = true;
        _previousEndedWithCrlf = crlf;
        if (_dotStuffed && atLineStart && !raw.IsEmpty && raw[0] == (byte)'.')
        {
            if (raw.Length == 1 && crlf && previousEndedWithCrlf)
            {
                line = default;
                return DataLineStatus.EndOfData;
            }

            raw = raw[1..];
        }

        line = raw;
        Size += raw.Length + 2;
        return DataLineStatus.Line;
    }
}
