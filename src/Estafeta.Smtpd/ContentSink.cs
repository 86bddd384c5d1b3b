// Moves message content (DATA or BDAT) from input buffers into Cleanup's writer, line by line.
// Trusts: nothing in the content. Must never: pass on content past the size limit, or keep a line
// beyond the reader's bound; after a refusal it keeps reading so that the dialogue stays in step.
using System.Buffers;
using Estafeta.Cleanup;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

/// <summary>Moves content lines from the pipe into the message writer, watching size and line endings.</summary>
internal sealed class ContentSink(DataLineReader reader, IMessageWriter writer, long sizeLimit, bool rejectBareLineFeed)
{
    public bool TooBig { get; private set; }

    public bool WriteFailed { get; private set; }

    public bool BareLineFeed { get; private set; }

    /// <summary>DATA: returns how many bytes were taken and whether the end-of-data line was among them.</summary>
    public (long Consumed, bool Ended) TakeUntilEnd(ReadOnlySequence<byte> buffer)
    {
        long consumed = 0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            var before = span.Length;
            var ended = TakeSpan(ref span);
            consumed += before - span.Length;
            if (ended || BareLineFeed)
            {
                return (consumed, ended);
            }
        }

        return (consumed, false);
    }

    /// <summary>BDAT: every byte of the chunk slice is content.</summary>
    public void Take(ReadOnlySequence<byte> chunk)
    {
        foreach (var segment in chunk)
        {
            var span = segment.Span;
            TakeSpan(ref span);
            if (BareLineFeed)
            {
                return;
            }
        }
    }

    public void FlushLastLine()
    {
        if (reader.TryFlush(out var line))
        {
            Append(line);
        }
    }

    private bool TakeSpan(ref ReadOnlySpan<byte> span)
    {
        while (true)
        {
            var status = reader.Read(ref span, out var line);
            switch (status)
            {
                case DataLineStatus.NeedMoreInput:
                    return false;
                case DataLineStatus.EndOfData:
                    return true;
                case DataLineStatus.Line when reader.LastLineEnding == LineEnding.BareLf && rejectBareLineFeed:
                    BareLineFeed = true;
                    return false;
                default:
                    Append(line);
                    break;
            }
        }
    }

    private void Append(ReadOnlySpan<byte> line)
    {
        if (sizeLimit > 0 && reader.Size > sizeLimit)
        {
            TooBig = true;
        }

        if (TooBig || WriteFailed)
        {
            return;
        }

        try
        {
            writer.AppendLine(line);
        }
        catch (IOException)
        {
            WriteFailed = true;
        }
    }
}
