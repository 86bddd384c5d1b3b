namespace Estafeta.Delivery.Local;

/// <summary>Folds the results of a recipient's targets into its one outcome.</summary>
internal static class ResultFolding
{
    /// <summary>Sent only when every target was sent. When any target deferred, the whole recipient is
    /// deferred, even if another target bounced: Postfix's local(8) does the same (the recipient stays in the
    /// queue and is expanded again on the next attempt; copies already made may then be made again). Else a
    /// bounce. The first deferral (or bounce, or sent result) gives the dsn and the text.</summary>
    public static TargetResult Fold(IReadOnlyList<TargetResult> results)
    {
        if (results.Count == 0)
        {
            return TargetResult.Bounce("5.1.1", "no delivery targets");
        }

        return results.FirstOrDefault(r => r.Status == DeliveryStatus.Deferred)
            ?? results.FirstOrDefault(r => r.Status == DeliveryStatus.Bounced)
            ?? results[0];
    }
}
