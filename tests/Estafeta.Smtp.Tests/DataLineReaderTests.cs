using System.Text;

namespace Estafeta.Smtp.Tests;

public sealed class DataLineReaderTests
{
    private sealed record Outcome(List<string> Lines, bool Ended, string Rest, List<LineEnding> Endings, long Size);

    /// <summary>Feeds the input in chunks of the given size (1 = byte by byte) and records what comes out.</summary>
    private static Outcome Run(string input, int chunkSize, bool dotStuffed = true, int maxLine = 64, bool commandCrlf = true)
    {
        var reader = new DataLineReader(maxLine);
        reader.Reset(dotStuffed, commandCrlf);
        var bytes = Encoding.Latin1.GetBytes(input);
        var lines = new List<string>();
        var endings = new List<LineEnding>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var length = Math.Min(chunkSize, bytes.Length - offset);
            ReadOnlySpan<byte> span = bytes.AsSpan(offset, length);
            for (var guard = 0; guard < 100_000; guard++)
            {
                var before = span.Length;
                var status = reader.Read(ref span, out var line);
                offset += before - span.Length;
                if (status == DataLineStatus.NeedMoreInput)
                {
                    break;
                }

                if (status == DataLineStatus.EndOfData)
                {
                    return new Outcome(lines, true, Encoding.Latin1.GetString(bytes.AsSpan(offset)), endings, reader.Size);
                }

                lines.Add(Encoding.Latin1.GetString(line) + (status == DataLineStatus.LinePiece ? "+" : string.Empty));
                if (status == DataLineStatus.Line)
                {
                    endings.Add(reader.LastLineEnding);
                }
            }
        }

        if (!dotStuffed && reader.TryFlush(out var last))
        {
            lines.Add(Encoding.Latin1.GetString(last) + "|");
        }

        return new Outcome(lines, false, string.Empty, endings, reader.Size);
    }

    public static TheoryData<int> ChunkSizes => new() { 1, 2, 3, 7, 1000 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Data_ends_at_CRLF_dot_CRLF_and_leaves_the_rest(int chunk)
    {
        var outcome = Run("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n", chunk);
        Assert.True(outcome.Ended);
        Assert.Equal(["Subject: x", "", "body"], outcome.Lines);
        Assert.Equal("QUIT\r\n", outcome.Rest);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Empty_message_ends_at_first_dot(int chunk)
    {
        var outcome = Run(".\r\n", chunk);
        Assert.True(outcome.Ended);
        Assert.Empty(outcome.Lines);
        Assert.Equal(0, outcome.Size);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Dots_are_unstuffed(int chunk)
    {
        var outcome = Run("..\r\n..x\r\n.y\r\nz.\r\n.\r\n", chunk);
        Assert.True(outcome.Ended);
        Assert.Equal([".", ".x", "y", "z."], outcome.Lines);
    }

    // SMTP smuggling (SEC Consult 2023, hannob/smtpsmug): none of these may end DATA; the final CRLF.CRLF does.
    [Theory]
    [InlineData("\n.\n")]
    [InlineData("\n.\r")]
    [InlineData("\r.\n")]
    [InlineData("\r.\r")]
    [InlineData("\n.\r\n")]
    [InlineData("\r.\r\n")]
    [InlineData("\r\n.\n")]
    [InlineData("\r\n.\r")]
    [InlineData("\r\n\x00.\r\n")]
    [InlineData("\r\n.\r\r\n")]
    [InlineData("\r\r\n.\r\r\n")]
    public void Smuggling_terminators_do_not_end_data(string terminator)
    {
        foreach (var chunk in new[] { 1, 2, 5, 1000 })
        {
            var input = "a" + terminator + "MAIL FROM:<smuggled@x>\r\n.\r\nNEXT";
            var outcome = Run(input, chunk);
            Assert.True(outcome.Ended);
            Assert.Equal("NEXT", outcome.Rest);
            Assert.Contains(outcome.Lines, l => l.Contains("MAIL FROM:<smuggled@x>", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Bare_LF_is_a_line_end_and_reported()
    {
        var outcome = Run("a\nb\r\n.\r\n", 1000);
        Assert.Equal(["a", "b"], outcome.Lines);
        Assert.Equal([LineEnding.BareLf, LineEnding.Crlf], outcome.Endings);
    }

    [Fact]
    public void Bare_CR_stays_data()
    {
        var outcome = Run("a\rb\r\n\r.\r\r\n.\r\n", 1000);
        Assert.Equal(["a\rb", "\r.\r"], outcome.Lines);
    }

    [Fact]
    public void Dot_after_DATA_command_ended_by_bare_LF_does_not_end_data()
    {
        var outcome = Run(".\r\nx\r\n.\r\n", 1000, commandCrlf: false);
        Assert.True(outcome.Ended);
        Assert.Equal(["", "x"], outcome.Lines);
    }

    [Fact]
    public void Size_counts_unstuffed_bytes_plus_two_per_line()
    {
        var outcome = Run("ab\r\n..c\r\n\r\n.\r\n", 1000);
        Assert.Equal(4 + 4 + 2, outcome.Size);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Over_long_lines_come_out_in_pieces_without_losing_bytes(int chunk)
    {
        var longLine = new string('x', 20) + "yz";
        var outcome = Run(longLine + "\r\nshort\r\n.\r\n", chunk, maxLine: 8);
        Assert.True(outcome.Ended);
        Assert.Equal(longLine, string.Concat(outcome.Lines.TakeWhile(l => l != "short")).Replace("+", string.Empty, StringComparison.Ordinal));
        Assert.All(outcome.Lines, l => Assert.True(l.TrimEnd('+').Length <= 9));
        Assert.Equal("short", outcome.Lines[^1]);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void CRLF_is_never_split_across_pieces(int chunk)
    {
        // 7 content bytes then CR: the CR is held back so the LF that follows still makes a CRLF.
        var outcome = Run("0123456\r\r\nnext\r\n.\r\n", chunk, maxLine: 8);
        Assert.True(outcome.Ended);
        Assert.Equal("0123456\r", string.Concat(outcome.Lines.TakeWhile(l => l != "next")).Replace("+", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain(LineEnding.BareLf, outcome.Endings);
    }

    [Fact]
    public void Line_of_exactly_the_limit_is_one_line()
    {
        var outcome = Run("01234567\r\n.\r\n", 1000, maxLine: 8);
        Assert.Equal(["01234567"], outcome.Lines);
    }

    [Fact]
    public void A_dot_line_in_a_continuation_piece_is_not_unstuffed()
    {
        var outcome = Run("01234567.\r\n.\r\n", 1000, maxLine: 8);
        Assert.Equal(["01234567+", "."], outcome.Lines);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Chunk_mode_keeps_dots_and_flushes_an_unterminated_last_line(int chunk)
    {
        var outcome = Run(".\r\n..x\r\n\r\n.\r\ntail", chunk, dotStuffed: false);
        Assert.False(outcome.Ended);
        Assert.Equal([".", "..x", "", ".", "tail|"], outcome.Lines);
    }
}
