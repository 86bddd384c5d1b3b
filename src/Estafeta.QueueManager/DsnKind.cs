namespace Estafeta.QueueManager;

/// <summary>The three delivery status notifications Postfix's bounce(8) sends.</summary>
internal enum DsnKind
{
    /// <summary>Non-delivery (Action: failed): "Undelivered Mail Returned to Sender".</summary>
    Failure,

    /// <summary>Delay warning (Action: delayed): "Delayed Mail (still being retried)".</summary>
    Delay,

    /// <summary>Success (Action: delivered/relayed), for NOTIFY=SUCCESS: "Successful Mail Delivery Report".</summary>
    Success,
}
