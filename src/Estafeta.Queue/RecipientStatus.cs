namespace Estafeta.Queue;

/// <summary>The fixed-size status byte of a recipient record, rewritten in place by delivery.</summary>
public enum RecipientStatus : byte
{
    /// <summary>Not yet delivered (the value written at commit; the checksum counts every status as this).</summary>
    Pending = (byte)'P',

    /// <summary>Delivered, or bounced and reported: never try again.</summary>
    Done = (byte)'D',
}
