using System.Collections.Concurrent;
using Estafeta.Delivery;
using Estafeta.Queue;

namespace Estafeta.QueueManager.Tests;

/// <summary>A delivery agent whose answer per recipient is a function; it records every request and the
/// content of each message it saw.</summary>
internal sealed class FakeAgent(Func<DeliveryRecipient, DeliveryRequest, RecipientOutcome> answer) : IDeliveryAgent
{
    public ConcurrentQueue<(DeliveryRequest Request, DateTimeOffset Time, string Content)> Requests { get; } = new();

    public Func<DeliveryRequest, CancellationToken, Task>? Before { get; init; }

    public TimeProvider? Clock { get; init; }

    public static FakeAgent Delivering(string relay = "local", string reason = "delivered to mailbox") =>
        new((r, _) => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", reason, relay));

    public async Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var content = string.Join("\n", QueueFile.Open(request.QueueFilePath).ReadLines().Select(System.Text.Encoding.UTF8.GetString));
        Requests.Enqueue((request, Clock?.GetUtcNow() ?? default, content));
        if (Before is not null)
        {
            await Before(request, cancellationToken);
        }

        return [.. request.Recipients.Select(r => answer(r, request))];
    }

    public int RecipientCount => Requests.Sum(r => r.Request.Recipients.Count);
}
