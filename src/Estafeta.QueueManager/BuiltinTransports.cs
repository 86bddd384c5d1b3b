// The error(8) and discard(8) transports: no I/O at all, so they run inside the queue manager.
// Trusts: the next hop text that transport_maps gave. Must never: report Sent for the error transport.
using System.Text.RegularExpressions;
using Estafeta.Delivery;

namespace Estafeta.QueueManager;

/// <summary>error:[d.d.d ]text — every recipient bounces with that status (5.0.0 by default) and text.</summary>
internal sealed partial class ErrorTransport : IDeliveryAgent
{
    public Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var (dsn, reason) = Parse(request.Nexthop);
        var status = dsn[0] == '4' ? DeliveryStatus.Deferred : DeliveryStatus.Bounced;
        IReadOnlyList<RecipientOutcome> outcomes = [.. request.Recipients.Select(r => new RecipientOutcome(r.QueueIndex, status, dsn, reason, "none"))];
        return Task.FromResult(outcomes);
    }

    internal static (string Dsn, string Reason) Parse(string nexthop)
    {
        var match = LeadingStatus().Match(nexthop);
        var dsn = match.Success ? match.Groups[1].Value : "5.0.0";
        var reason = (match.Success ? nexthop[match.Length..] : nexthop).Trim();
        return (dsn, reason.Length > 0 ? reason : "unknown reason");
    }

    [GeneratedRegex(@"^([45]\.\d{1,3}\.\d{1,3})(?:\s+|$)")]
    private static partial Regex LeadingStatus();
}

/// <summary>discard:[text] — every recipient counts as delivered ("discarded", or the text).</summary>
internal sealed class DiscardTransport : IDeliveryAgent
{
    public Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var reason = string.IsNullOrWhiteSpace(request.Nexthop) ? "discarded" : request.Nexthop.Trim();
        IReadOnlyList<RecipientOutcome> outcomes = [.. request.Recipients.Select(r => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", reason, "none"))];
        return Task.FromResult(outcomes);
    }
}
