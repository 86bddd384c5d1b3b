using System.Text;
using Estafeta.Queue;

namespace Estafeta.Delivery.Local;

/// <summary>The queued message one request delivers: its sender, its content lines (read again for every copy,
/// never held in memory whole), and the Delivered-To: headers it already carries (for loop detection).</summary>
internal sealed class LocalMessage
{
    private readonly QueueFile _file;
    private HashSet<string>? _deliveredTo;

    public LocalMessage(QueueFile file, string sender)
    {
        _file = file;
        Sender = sender;
    }

    /// <summary>The envelope sender; empty for &lt;&gt;.</summary>
    public string Sender { get; }

    /// <summary>The content lines as spans (no allocation per line); a read failure surfaces as
    /// <see cref="QueuedContentException"/>.</summary>
    public QueuedLines OpenLines() => new(Guard(_file.OpenContent));

    /// <summary>The content lines, each in an array of its own (for forwarding); a read failure surfaces as
    /// <see cref="QueuedContentException"/>.</summary>
    public IEnumerable<byte[]> ReadLines()
    {
        using var lines = OpenLines();
        while (true)
        {
            byte[] line;
            if (!lines.TryRead(out var span))
            {
                yield break;
            }

            line = span.ToArray();
            yield return line;
        }
    }

    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is IOException or QueueFormatException or UnauthorizedAccessException)
        {
            throw new QueuedContentException(exception);
        }
    }

    /// <summary>True when the header already says "Delivered-To: address" (case-insensitive): a forwarding loop.</summary>
    public bool WasDeliveredTo(string address)
    {
        _deliveredTo ??= ReadDeliveredTo();
        return _deliveredTo.Contains(address);
    }

    private HashSet<string> ReadDeliveredTo()
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        const string name = "Delivered-To:";
        using var lines = OpenLines();
        while (lines.TryRead(out var line) && line.Length > 0)
        {
            if (line.Length > name.Length && Ascii.EqualsIgnoreCase(line[..name.Length], name))
            {
                found.Add(Encoding.UTF8.GetString(line[name.Length..]).Trim());
            }
        }

        return found;
    }
}

/// <summary>A queued message's content lines, read one span at a time; read errors become <see cref="QueuedContentException"/>.</summary>
internal sealed class QueuedLines(QueueContentReader reader) : IDisposable
{
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        try
        {
            return reader.TryReadLine(out line);
        }
        catch (Exception exception) when (exception is IOException or QueueFormatException or UnauthorizedAccessException)
        {
            throw new QueuedContentException(exception);
        }
    }

    public void Dispose() => reader.Dispose();
}
