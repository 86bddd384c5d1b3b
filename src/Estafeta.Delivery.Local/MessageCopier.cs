using System.Globalization;
using System.Text;

namespace Estafeta.Delivery.Local;

/// <summary>Writes one copy of a message as Postfix's mail_copy() does: optional "From " envelope line,
/// Return-Path:, X-Original-To:, Delivered-To:, the content with LF line endings (mbox: ^&gt;*From  quoted
/// with one more '&gt;'), an optional blank line.</summary>
internal static class MessageCopier
{
    private static readonly byte[] FromPrefix = "From "u8.ToArray();

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
        destination.Write(Encoding.UTF8.GetBytes(header.ToString()));

        foreach (var line in message.ReadLines())
        {
            if (options.QuoteFrom && NeedsQuote(line))
            {
                destination.WriteByte((byte)'>');
            }

            destination.Write(line);
            destination.WriteByte((byte)'\n');
        }

        if (options.BlankLine)
        {
            destination.WriteByte((byte)'\n');
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
