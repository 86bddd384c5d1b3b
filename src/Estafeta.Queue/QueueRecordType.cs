namespace Estafeta.Queue;

/// <summary>
/// The record types of a queue file (docs/queue-format.md). Every record is: one type byte, a
/// 4-byte big-endian length, then that many data bytes. Unknown types make a file corrupt.
/// </summary>
internal static class QueueRecordType
{
    /// <summary>Always first: the format version, "estafeta-queue 1".</summary>
    public const byte Version = (byte)'V';

    /// <summary>Arrival time, decimal microseconds since the Unix epoch.</summary>
    public const byte Arrival = (byte)'T';

    /// <summary>The envelope sender (empty for &lt;&gt;).</summary>
    public const byte Sender = (byte)'S';

    /// <summary>A named attribute "name=value" (MAIL parameters, client information).</summary>
    public const byte Attribute = (byte)'A';

    /// <summary>One recipient: status byte, NOTIFY byte, address, NUL, ORCPT.</summary>
    public const byte Recipient = (byte)'R';

    /// <summary>Start of the message content (no data).</summary>
    public const byte ContentStart = (byte)'M';

    /// <summary>A complete content line, or the last piece of a long one.</summary>
    public const byte Line = (byte)'N';

    /// <summary>A piece of a long line that continues in the next record.</summary>
    public const byte LinePiece = (byte)'C';

    /// <summary>Always last: 8-byte content size, then SHA-256 of everything before this record.</summary>
    public const byte End = (byte)'E';

    public const int HeaderLength = 5;

    public const int MaxDataLength = 1 << 20;

    public const string VersionText = "estafeta-queue 1";
}
