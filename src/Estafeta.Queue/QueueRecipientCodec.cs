using System.Text;
using Estafeta.Core;

namespace Estafeta.Queue;

/// <summary>
/// A recipient record's data: [status byte][NOTIFY flags byte][address UTF-8][NUL][ORCPT UTF-8].
/// The status byte comes first so delivery can rewrite it at a fixed offset (record start + 5).
/// </summary>
internal static class QueueRecipientCodec
{
    public const int StatusOffsetInRecord = QueueRecordType.HeaderLength;

    public static byte[] Encode(EnvelopeRecipient recipient)
    {
        var address = Encoding.UTF8.GetBytes(recipient.Address);
        var original = recipient.OriginalRecipient is null ? [] : Encoding.UTF8.GetBytes(recipient.OriginalRecipient);
        var data = new byte[2 + address.Length + 1 + original.Length];
        data[0] = (byte)RecipientStatus.Pending;
        data[1] = (byte)recipient.Notify;
        address.CopyTo(data, 2);
        data[2 + address.Length] = 0;
        original.CopyTo(data, 3 + address.Length);
        return data;
    }

    public static (EnvelopeRecipient Recipient, RecipientStatus Status) Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3)
        {
            throw new QueueFormatException("recipient record too short");
        }

        var status = (RecipientStatus)data[0];
        if (status is not (RecipientStatus.Pending or RecipientStatus.Done))
        {
            throw new QueueFormatException("bad recipient status");
        }

        var rest = data[2..];
        var nul = rest.IndexOf((byte)0);
        if (nul <= 0)
        {
            throw new QueueFormatException("malformed recipient record");
        }

        var address = Encoding.UTF8.GetString(rest[..nul]);
        var original = rest.Length > nul + 1 ? Encoding.UTF8.GetString(rest[(nul + 1)..]) : null;
        return (new EnvelopeRecipient(address, (DsnNotify)data[1], original), status);
    }
}
