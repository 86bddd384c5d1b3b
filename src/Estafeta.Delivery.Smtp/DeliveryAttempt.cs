namespace Estafeta.Delivery.Smtp;

/// <summary>The state of one delivery across servers: final outcomes so far, recipients still pending and why.</summary>
internal sealed class DeliveryAttempt
{
    private readonly Dictionary<int, RecipientOutcome> _final = [];
    private readonly Dictionary<int, SmtpFailure> _lastFailure = [];
    private readonly IReadOnlyList<DeliveryRecipient> _all;
    private TimeSpan _setup;
    private TimeSpan _transmission;

    public DeliveryAttempt(IReadOnlyList<DeliveryRecipient> recipients)
    {
        _all = recipients;
        Pending = [.. recipients];
    }

    public List<DeliveryRecipient> Pending { get; private set; }

    /// <summary>True when the last try got past the TCP connect (counts toward smtp_mx_session_limit).</summary>
    public bool LastReachedServer { get; set; }

    /// <summary>Set when trying another server would risk more than it gains (the connection broke after the final dot).</summary>
    public bool StopTrying { get; private set; }

    /// <summary>The whole session failed: every pending recipient keeps the failure; a permanent one is final.</summary>
    public void SessionFailed(SmtpFailure failure, TimeSpan setup, TimeSpan transmission)
    {
        _setup = setup;
        _transmission = transmission;
        Record([.. Pending.Select(r => new RecipientResult(r, null, failure))], setup, transmission);
    }

    public void Record(IReadOnlyList<RecipientResult> results, TimeSpan setup, TimeSpan transmission)
    {
        _setup = setup;
        _transmission = transmission;
        foreach (var result in results)
        {
            if (result.Final is not null)
            {
                _final[result.Recipient.QueueIndex] = result.Final with { Setup = setup, Transmission = transmission };
                if (result.Final.Status == DeliveryStatus.Deferred)
                {
                    StopTrying = true;
                }
            }
            else if (result.Retryable is not null)
            {
                _lastFailure[result.Recipient.QueueIndex] = result.Retryable;
            }
        }

        Pending = [.. Pending.Where(r => !_final.ContainsKey(r.QueueIndex))];
    }

    /// <summary>One outcome per recipient: final ones as decided, pending ones with their last failure
    /// (a permanent failure from the last server bounces, as Postfix's final-server rule does).</summary>
    public IReadOnlyList<RecipientOutcome> Finish() =>
        [.. _all.Select(r => _final.TryGetValue(r.QueueIndex, out var outcome)
            ? outcome
            : RecipientResult.Outcome(r, _lastFailure.TryGetValue(r.QueueIndex, out var failure)
                ? failure
                : new SmtpFailure(false, "4.4.1", "no server could be tried")) with { Setup = _setup, Transmission = _transmission })];
}
