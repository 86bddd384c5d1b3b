using Estafeta.Core;

namespace Estafeta.Queue;

/// <summary>A recipient as read from a queue file, with where its status byte lives in the file.</summary>
public sealed record QueuedRecipient(EnvelopeRecipient Recipient, RecipientStatus Status, long StatusOffset)
{
    public string Address => Recipient.Address;
}
