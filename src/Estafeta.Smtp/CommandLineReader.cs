// Finds one command line in buffered input, bounded before anything is parsed.
// Trusts: nothing. Must never: let a line grow past the limit in memory, or treat a bare CR as a line end.
using System.Buffers;

namespace Estafeta.Smtp;

public enum CommandLineStatus
{
    /// <summary>No line end yet and the limit is not reached: read more input.</summary>
    NeedMoreInput,

    /// <summary>A complete line (without its ending) is available.</summary>
    Line,

    /// <summary>The line is longer than the limit; <c>consumed</c> covers what can be discarded
    /// (through the line end when it was seen, else everything buffered).</summary>
    TooLong,
}

public static class CommandLineReader
{
    /// <param name="buffer">Buffered input.</param>
    /// <param name="maxLength">Longest line accepted, in bytes, not counting CRLF.</param>
    /// <param name="line">The line without CRLF (or without the bare LF).</param>
    /// <param name="consumed">Where the next line starts (for Line and TooLong).</param>
    /// <param name="lineEndedWithCrlf">False when the line ended with a bare LF.</param>
    /// <param name="lineEndSeen">For TooLong: whether the end of the over-long line was found.</param>
    public static CommandLineStatus TryRead(
        ReadOnlySequence<byte> buffer,
        int maxLength,
        out ReadOnlySequence<byte> line,
        out SequencePosition consumed,
        out bool lineEndedWithCrlf,
        out bool lineEndSeen)
    {
        var reader = new SequenceReader<byte>(buffer);
        lineEndedWithCrlf = true;
        lineEndSeen = false;
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            consumed = buffer.End;
            line = default;
            return buffer.Length > maxLength + 1 ? CommandLineStatus.TooLong : CommandLineStatus.NeedMoreInput;
        }

        consumed = reader.Position;
        lineEndSeen = true;
        if (line.Length > 0 && EndsWithCr(line))
        {
            line = line.Slice(0, line.Length - 1);
        }
        else
        {
            lineEndedWithCrlf = false;
        }

        return line.Length > maxLength ? CommandLineStatus.TooLong : CommandLineStatus.Line;
    }

    private static bool EndsWithCr(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }
}
