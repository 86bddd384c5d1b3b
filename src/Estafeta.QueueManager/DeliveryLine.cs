using System.Text;
using Estafeta.Delivery;

namespace Estafeta.QueueManager;

/// <summary>The per-recipient log line: "ID: to=&lt;u@d&gt;, orig_to=&lt;o@d&gt;, relay=R, delay=D,
/// delays=a/b/c/d, dsn=X, status=sent (reason)" with Postfix's delay formatting.</summary>
internal static class DeliveryLine
{
    /// <param name="beforeActive">delays a: arrival until the message entered active/.</param>
    /// <param name="inQueueManager">delays b: in active/ until handed to the agent.</param>
    /// <param name="setup">delays c: connection setup, from the agent.</param>
    /// <param name="transmission">delays d: the rest of the delivery.</param>
    public static string Format(string queueId, DeliveryRecipient recipient, RecipientOutcome outcome, TimeSpan total,
        TimeSpan beforeActive, TimeSpan inQueueManager, TimeSpan setup, TimeSpan transmission, int resolution) =>
        Format(queueId, recipient.Address, recipient.OriginalAddress, outcome.Relay, outcome.Status, outcome.Dsn, outcome.Reason,
            total, beforeActive, inQueueManager, setup, transmission, resolution);

    /// <summary>One line per final destination of an expanded recipient (local(8)'s "to=&lt;alumno@host&gt;,
    /// orig_to=&lt;root@host&gt;"), or the outcome's one line when it names none.</summary>
    public static IEnumerable<string> FormatAll(string queueId, DeliveryRecipient recipient, RecipientOutcome outcome, TimeSpan total,
        TimeSpan beforeActive, TimeSpan inQueueManager, TimeSpan setup, TimeSpan transmission, int resolution)
    {
        if (outcome.Targets is not { Count: > 0 } targets)
        {
            yield return Format(queueId, recipient, outcome, total, beforeActive, inQueueManager, setup, transmission, resolution);
            yield break;
        }

        var original = recipient.OriginalAddress ?? recipient.Address;
        foreach (var target in targets)
        {
            yield return Format(queueId, target.Address, original, outcome.Relay, target.Status, target.Dsn, target.Reason,
                total, beforeActive, inQueueManager, setup, transmission, resolution);
        }
    }

    private static string Format(string queueId, string address, string? originalAddress, string relay, DeliveryStatus status,
        string dsn, string reason, TimeSpan total, TimeSpan beforeActive, TimeSpan inQueueManager, TimeSpan setup,
        TimeSpan transmission, int resolution)
    {
        var line = new StringBuilder(160);
        line.Append(queueId).Append(": to=<").Append(address).Append('>');
        if (originalAddress is { } original && !string.Equals(original, address, StringComparison.OrdinalIgnoreCase))
        {
            line.Append(", orig_to=<").Append(original).Append('>');
        }

        line.Append(", relay=").Append(relay)
            .Append(", delay=").Append(DelayFormat.Format(total, resolution))
            .Append(", delays=").Append(DelayFormat.Format(beforeActive, resolution))
            .Append('/').Append(DelayFormat.Format(inQueueManager, resolution))
            .Append('/').Append(DelayFormat.Format(setup, resolution))
            .Append('/').Append(DelayFormat.Format(transmission, resolution))
            .Append(", dsn=").Append(dsn)
            .Append(", status=").Append(status switch
            {
                DeliveryStatus.Sent => "sent",
                DeliveryStatus.Bounced => "bounced",
                _ => "deferred",
            })
            .Append(" (").Append(reason).Append(')');
        return line.ToString();
    }
}
