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

    /// <summary>The content lines; a read failure surfaces as <see cref="QueuedContentException"/>.</summary>
    public IEnumerable<byte[]> ReadLines()
    {
        using var lines = Guard(() => _file.ReadLines().GetEnumerator());
        while (Guard(lines.MoveNext))
        {
            yield return lines.Current;
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
        foreach (var line in ReadLines())
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line.Length > name.Length && Encoding.ASCII.GetString(line, 0, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(Encoding.UTF8.GetString(line, name.Length, line.Length - name.Length).Trim());
            }
        }

        return found;
    }
}
