using Estafeta.Delivery;

namespace Estafeta.QueueManager;

/// <summary>Recipients of one message that go to the same (transport, nexthop), at most the recipient limit.</summary>
internal sealed record DeliveryGroup(string Transport, string Nexthop, IReadOnlyList<DeliveryRecipient> Recipients);
