using System.Globalization;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Pickup;

/// <summary>What a drop file says besides its content.</summary>
internal sealed record DropEnvelope(
    string Sender,
    string? FullName,
    DsnNotify Notify,
    string? EnvelopeId,
    BodyType Body,
    IReadOnlyList<string> Recipients,
    long ContentStart,
    long ContentLength);

/// <summary>Reads a drop file (<see cref="DropFileFormat"/>) from an open stream, trusting nothing in it.</summary>
internal static class DropFileReader
{

    /// <exception cref="DropFileFormatException">The file is not a complete, well-formed drop file.</exception>
    public static DropEnvelope ReadEnvelope(Stream stream, long fileSize)
    {
        stream.Position = 0;
        if (ReadLine(stream) != DropFileFormat.Magic)
        {
            throw new DropFileFormatException("not a maildrop file (bad first line)");
        }

        var lengthLine = ReadLine(stream);
        var prefix = DropFileFormat.ContentKeyword + " ";
        if (!lengthLine.StartsWith(prefix, StringComparison.Ordinal)
            || lengthLine.Length != prefix.Length + DropFileFormat.LengthDigits
            || !long.TryParse(lengthLine.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var contentLength))
        {
            throw new DropFileFormatException("bad content length line");
        }

        var contentStart = stream.Position;
        if (contentLength > fileSize - contentStart)
        {
            throw new DropFileFormatException("content length beyond the end of the file");
        }

        if (contentLength > 0)
        {
            stream.Position = contentStart + contentLength - 1;
            if (stream.ReadByte() != '\n')
            {
                throw new DropFileFormatException("content does not end with a line end");
            }
        }

        stream.Position = contentStart + contentLength;
        string? sender = null;
        string? fullName = null;
        string? envelopeId = null;
        var notify = DsnNotify.Unspecified;
        var body = BodyType.Unspecified;
        var recipients = new List<string>();
        while (true)
        {
            var line = ReadLine(stream);
            if (line == DropFileFormat.End)
            {
                break;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                throw new DropFileFormatException("bad envelope line");
            }

            var value = line[(space + 1)..];
            switch (line[..space])
            {
                case DropFileFormat.Sender when sender is null:
                    sender = value;
                    break;
                case DropFileFormat.FullName:
                    fullName = value;
                    break;
                case DropFileFormat.EnvelopeId:
                    envelopeId = value;
                    break;
                case DropFileFormat.Notify when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var flags) && flags <= 15:
                    notify = (DsnNotify)flags;
                    break;
                case DropFileFormat.Body when value is "8BITMIME" or "7BIT":
                    body = value == "7BIT" ? BodyType.SevenBit : BodyType.EightBitMime;
                    break;
                case DropFileFormat.Recipient when value.Length > 0:
                    recipients.Add(value);
                    break;
                default:
                    throw new DropFileFormatException($"bad envelope line \"{Printable(line)}\"");
            }
        }

        if (stream.Position != fileSize)
        {
            throw new DropFileFormatException("data after the end record");
        }

        if (sender is null || recipients.Count == 0)
        {
            throw new DropFileFormatException(sender is null ? "no sender" : "no recipients");
        }

        // The envelope contract: no control characters, bounded (RFC 5321 paths are at most 256 octets).
        if (!DropFileFormat.IsAddress(sender) || !recipients.All(DropFileFormat.IsAddress) || (fullName is not null && fullName.Any(char.IsControl)))
        {
            throw new DropFileFormatException("bad address or name in the envelope");
        }

        return new DropEnvelope(sender, fullName, notify, envelopeId, body, recipients, contentStart, contentLength);
    }

    // One LF-terminated UTF-8 line of at most MaxEnvelopeLine bytes, with no CR or NUL in it.
    private static string ReadLine(Stream stream)
    {
        Span<byte> line = stackalloc byte[DropFileFormat.MaxEnvelopeLine];
        var length = 0;
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new DropFileFormatException("truncated (no end record)");
            }

            if (b == '\n')
            {
                break;
            }

            if (b is '\r' or 0 || length == line.Length)
            {
                throw new DropFileFormatException(length == line.Length ? "envelope line too long" : "CR or NUL in the envelope");
            }

            line[length++] = (byte)b;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(line[..length]);
        }
        catch (DecoderFallbackException)
        {
            throw new DropFileFormatException("envelope line is not UTF-8");
        }
    }

    private static string Printable(string text) =>
        new([.. text.Take(60).Select(c => char.IsControl(c) ? '?' : c)]);
}
