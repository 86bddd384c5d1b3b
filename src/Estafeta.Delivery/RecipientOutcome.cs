namespace Estafeta.Delivery;

/// <summary>What became of one recipient.</summary>
public enum DeliveryStatus
{
    /// <summary>Delivered (or handed to the next server): the recipient is done.</summary>
    Sent,

    /// <summary>A temporary failure: try again later.</summary>
    Deferred,

    /// <summary>A permanent failure: tell the sender.</summary>
    Bounced,
}

/// <summary>The result for one recipient; the queue manager logs it in Postfix's form:
/// "ID: to=&lt;Address&gt;, orig_to=..., relay=RELAY, delay=.., delays=a/b/c/d, dsn=DSN, status=sent (REASON)".</summary>
/// <param name="QueueIndex">The recipient's position in the queue file (from the request).</param>
/// <param name="Status">Sent, Deferred or Bounced.</param>
/// <param name="Dsn">The enhanced status code: "2.0.0", "4.4.1", "5.1.1".</param>
/// <param name="Reason">The text in parentheses of the log line and the DSN's diagnostic: "delivered to mailbox",
/// "host mx.d[192.0.2.1] said: 550 5.1.1 no such user (in reply to RCPT TO command)".</param>
/// <param name="Relay">The relay= field: "local", "mx.d[192.0.2.1]:25", "none".</param>
public sealed record RecipientOutcome(int QueueIndex, DeliveryStatus Status, string Dsn, string Reason, string Relay)
{
    /// <summary>Time to set up the delivery (DNS, connect, greeting, EHLO, TLS): the third part of delays=.</summary>
    public TimeSpan Setup { get; init; }

    /// <summary>Time to transmit the message: the fourth part of delays=.</summary>
    public TimeSpan Transmission { get; init; }

    /// <summary>For a DSN's Remote-MTA field ("dns; mx.example.net"); null for local deliveries.</summary>
    public string? RemoteMta { get; init; }

    /// <summary>For a DSN's Diagnostic-Code field ("smtp; 550 5.1.1 no such user"); null when there is none.</summary>
    public string? DiagnosticCode { get; init; }

    /// <summary>Where the copies went when the recipient expanded (aliases, .forward): one entry per final
    /// destination, logged as Postfix's local(8) does ("to=&lt;alumno@host&gt;, orig_to=&lt;root@host&gt;, ...").
    /// Null or empty: the outcome itself is the one log line.</summary>
    public IReadOnlyList<TargetOutcome>? Targets { get; init; }

    /// <summary>When the agent forwarded the recipient (alias, .forward) as a new message: "forwarded as ID".
    /// The reason text then says so; this is for tests and traces.</summary>
    public string? ForwardedAs { get; init; }
}

/// <summary>One final destination of an expanded recipient.</summary>
/// <param name="Address">The address delivered to (the log's to=): "alumno@host", or the new recipient of a forwarded copy.</param>
/// <param name="Status">Sent, Deferred or Bounced.</param>
/// <param name="Dsn">The enhanced status code.</param>
/// <param name="Reason">"delivered to mailbox", "forwarded as ID", "unknown user: \"x\"".</param>
public sealed record TargetOutcome(string Address, DeliveryStatus Status, string Dsn, string Reason);
