using System.Buffers;
using System.Globalization;
using System.Text;

namespace Estafeta.Delivery.Local;

/// <summary>Writes one copy of a message as Postfix's mail_copy() does: optional "From " envelope line,
/// Return-Path:, X-Original-To:, Delivered-To:, the content with LF line endings (mbox: ^&gt;*From  quoted
/// with one more '&gt;'), an optional blank line.</summary>
internal static class MessageCopier
{
    private static readonly byte[] FromPrefix = "From "u8.ToArray();

    /// <summary>Writes the copy through one pooled 64 KiB buffer: one write(2) per 64 KiB, whatever the line count,
    /// so <paramref name="destination"/> needs no buffering of its own.</summary>
    public static void Copy(LocalMessage message, CopyOptions options, DateTimeOffset localNow, Stream destination)
    {
        var header = new StringBuilder();
        if (options.FromLine)
        {
            header.Append("From ").Append(message.Sender.Length == 0 ? "MAILER-DAEMON" : message.Sender)
                .Append(' ').Append(AscTime(localNow)).Append('\n');
        }

        header.Append("Return-Path: <").Append(message.Sender).Append(">\n");
        if (options.OriginalRecipient is { } original)
        {
            header.Append("X-Original-To: ").Append(original).Append('\n');
        }

        header.Append("Delivered-To: ").Append(options.DeliveredTo).Append('\n');
        var output = new CopyBuffer(destination);
        try
        {
            output.Append(Encoding.UTF8.GetBytes(header.ToString()));
            using var lines = message.OpenLines();
            while (lines.TryRead(out var line))
            {
                if (options.QuoteFrom && NeedsQuote(line))
                {
                    output.Append(">"u8);
                }

                output.Append(line);
                output.Append("\n"u8);
            }

            if (options.BlankLine)
            {
                output.Append("\n"u8);
            }

            output.Flush();
        }
        finally
        {
            output.Release();
        }
    }

    /// <summary>asctime() without its newline: "Mon Nov  3 09:05:01 2026" (day padded with a space).</summary>
    public static string AscTime(DateTimeOffset time) => string.Create(
        CultureInfo.InvariantCulture,
        $"{time.ToString("ddd MMM", CultureInfo.InvariantCulture)} {time.Day,2} {time.ToString("HH:mm:ss yyyy", CultureInfo.InvariantCulture)}");

    /// <summary>mboxrd: a line of zero or more '&gt;' followed by "From " gets one more '&gt;'.</summary>
    internal static bool NeedsQuote(ReadOnlySpan<byte> line)
    {
        var start = 0;
        while (start < line.Length && line[start] == (byte)'>')
        {
            start++;
        }

        return line[start..].StartsWith(FromPrefix);
    }
}

/// <summary>A pooled output buffer in front of a stream.</summary>
internal struct CopyBuffer(Stream destination)
{
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _used;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var buffer = _buffer!;
        if (bytes.Length > buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > buffer.Length)
            {
                destination.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Flush()
    {
        if (_used > 0)
        {
            destination.Write(_buffer!, 0, _used);
            _used = 0;
        }
    }

    public void Release()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
