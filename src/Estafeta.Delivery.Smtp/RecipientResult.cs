namespace Estafeta.Delivery.Smtp;

/// <summary>What one session did for one recipient: a final outcome, or a failure worth trying at the next server.</summary>
internal sealed record RecipientResult(DeliveryRecipient Recipient, RecipientOutcome? Final, SmtpFailure? Retryable)
{
    public static RecipientResult From(DeliveryRecipient recipient, SmtpFailure failure, bool final) =>
        final || failure.Permanent
            ? new(recipient, Outcome(recipient, failure), null)
            : new(recipient, null, failure);

    public static RecipientOutcome Outcome(DeliveryRecipient recipient, SmtpFailure failure) =>
        new(recipient.QueueIndex, failure.Permanent ? DeliveryStatus.Bounced : DeliveryStatus.Deferred, failure.Dsn, failure.Reason, failure.Relay)
        {
            RemoteMta = failure.RemoteMta,
            DiagnosticCode = failure.DiagnosticCode,
        };
}
