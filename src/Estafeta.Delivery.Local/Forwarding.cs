using System.Text;
using Estafeta.Core;

namespace Estafeta.Delivery.Local;

/// <summary>Sends the forward targets of a request as new messages (Postfix's forward.c): one message per
/// (sender, forwarding address), to all its new recipients, with "Delivered-To: ADDRESS" prepended so a
/// forwarding loop is seen when the copy comes back.</summary>
internal static class Forwarding
{
    public static async Task ForwardAsync(IMessageInjector injector, DeliveryRequest request, LocalMessage message, List<(int RecipientIndex, ForwardTarget Target)> forwards, List<TargetResult>[] results, CancellationToken cancellationToken)
    {
        foreach (var group in forwards.GroupBy(f => (f.Target.Sender, f.Target.Address)))
        {
            var recipients = group.Select(f => f.Target.ForwardTo).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => new EnvelopeRecipient(a)).ToList();
            TargetResult result;
            try
            {
                var injected = new InjectedMessage(group.Key.Sender, recipients, Lines(group.Key.Address, message))
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
