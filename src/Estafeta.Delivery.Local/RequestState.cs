namespace Estafeta.Delivery.Local;

/// <summary>What one request remembers across its recipients: targets already delivered (the been_here
/// duplicate filter, with their result) and the forward targets to send as one message per sender.</summary>
internal sealed class RequestState
{
    public Dictionary<string, TargetResult> Done { get; } = new(StringComparer.Ordinal);

    public List<(int RecipientIndex, ForwardTarget Target)> Forwards { get; } = [];
}
