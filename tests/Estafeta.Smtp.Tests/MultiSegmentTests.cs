using System.Buffers;
using System.Text;

namespace Estafeta.Smtp.Tests;

public sealed class MultiSegmentTests
{
    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, Segment? previous)
        {
            Memory = bytes;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }

    /// <summary>A sequence cut into segments of the given size (the shape a Pipe hands out).</summary>
    internal static ReadOnlySequence<byte> Split(string text, int size)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Segment? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            last = new Segment(bytes[i..Math.Min(bytes.Length, i + size)], last);
            first ??= last;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(6)]
    public void Command_line_is_found_across_segments(int size)
    {
        var sequence = Split("NOOP x\r\nRSET\r\n", size);
        Assert.Equal(CommandLineStatus.Line, CommandLineReader.TryRead(sequence, 100, out var line, out var consumed, out var crlf, out _));
        Assert.Equal("NOOP x", Encoding.ASCII.GetString(line.ToArray()));
        Assert.True(crlf);
        var rest = sequence.Slice(consumed);
        Assert.Equal(CommandLineStatus.Line, CommandLineReader.TryRead(rest, 100, out line, out _, out crlf, out _));
        Assert.Equal("RSET", Encoding.ASCII.GetString(line.ToArray()));
        Assert.True(crlf);
    }
}
