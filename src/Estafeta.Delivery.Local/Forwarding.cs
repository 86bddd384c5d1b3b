using System.Text;
using Estafeta.Core;

namespace Estafeta.Delivery.Local;

/// <summary>Sends the forward targets of a request as new messages (Postfix's forward.c): one message per
/// (sender, forwarding recipient), to all its new recipients, with "Delivered-To: RECIPIENT" prepended so a
/// forwarding loop is seen when the copy comes back.</summary>
internal static class Forwarding
{
    public static async Task ForwardAsync(IMessageInjector injector, DeliveryRequest request, LocalMessage message, List<(int RecipientIndex, ForwardTarget Target)> forwards, List<TargetResult>[] results, CancellationToken cancellationToken)
    {
        // Delivered-To names the recipient that did the forwarding (Postfix's msg_attr.delivered): the alias or the
        // .forward owner, never the new recipient, or the copy would look like a loop when it arrives there.
        foreach (var group in forwards.GroupBy(f => (f.Target.Sender, DeliveredTo: request.Recipients[f.RecipientIndex].Address)))
        {
            var recipients = group.Select(f => f.Target.ForwardTo).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => new EnvelopeRecipient(a)).ToList();
            TargetResult result;
            try
            {
                var injected = new InjectedMessage(group.Key.Sender, recipients, Lines(group.Key.DeliveredTo, message))
                {
                    Body = request.Body,
                    SmtpUtf8 = request.SmtpUtf8,
                    Origin = "forward",
                };
                var id = await injector.InjectAsync(injected, cancellationToken).ConfigureAwait(false);
                result = TargetResult.Sent($"forwarded as {id}") with { ForwardedAs = id };
            }
            catch (OperationCanceledException)
            {
                result = TargetResult.Defer("4.3.0", "delivery interrupted");
            }
            catch (Exception exception) when (exception is IOException or QueuedContentException)
            {
                result = TargetResult.Defer("4.3.0", $"cannot forward message: {exception.Message}");
            }

            foreach (var forward in group.DistinctBy(f => (f.RecipientIndex, f.Target.ForwardTo)))
            {
                results[forward.RecipientIndex].Add(result with { Address = forward.Target.ForwardTo });
            }
        }
    }

    private static IEnumerable<byte[]> Lines(string deliveredTo, LocalMessage message)
    {
        yield return Encoding.UTF8.GetBytes($"Delivered-To: {deliveredTo}");
        foreach (var line in message.ReadLines())
        {
            yield return line;
        }
    }
}
