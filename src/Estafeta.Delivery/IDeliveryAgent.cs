// The contract between the queue manager and every delivery agent (local, smtp, error, discard).
// Trusts: the request names a validated queue file and recipients the queue manager resolved.
// Must never: report Sent for a recipient before the copy is on stable storage at its destination,
// or throw for a per-recipient failure (that is a Deferred or Bounced outcome).
namespace Estafeta.Delivery;

/// <summary>One transport (Postfix's master.cf service name: "local", "smtp", "relay", "error", "discard").
/// Everything the agent needs is in the request, so an agent could run in a separate process.</summary>
public interface IDeliveryAgent
{
    /// <summary>Delivers one message to the request's recipients and returns exactly one outcome per
    /// recipient (matched by <see cref="DeliveryRecipient.QueueIndex"/>). Cancellation means the server is
    /// stopping: outcomes not yet final are Deferred.</summary>
    Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken);
}
