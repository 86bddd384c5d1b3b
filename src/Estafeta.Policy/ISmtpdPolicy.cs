// The questions Smtpd asks Policy during a session (Postfix's smtpd_*_restrictions).
// Trusts: the ClientInfo it is given (address from the kernel). Must never: accept a recipient
// for relay because of an address trick (%, !, quoted local parts, source routes, trailing dots).
using System.Net;
using Estafeta.Core;

namespace Estafeta.Policy;

/// <summary>The outcome of a restriction check: accept, or a reply that rejects or defers.</summary>
public sealed record PolicyDecision
{
    public static readonly PolicyDecision Accept = new();

    /// <summary>Null when the command is accepted; else the 4xx/5xx reply to send (and log as NOQUEUE: reject).</summary>
    public SmtpReply? Reject { get; init; }

    public bool IsAccepted => Reject is null;

    public static PolicyDecision Rejected(SmtpReply reply) => new() { Reject = reply };
}

/// <summary>The restriction lists as Smtpd sees them.</summary>
public interface ISmtpdPolicy
{
    /// <summary>True when the address is inside mynetworks (also used for smtpd_forbid_bare_newline_exclusions).</summary>
    bool IsInMyNetworks(IPAddress address);

    /// <summary>MAIL FROM time checks. <paramref name="sender"/> is empty for the null sender.</summary>
    ValueTask<PolicyDecision> CheckSenderAsync(ClientInfo client, string sender, CancellationToken cancellationToken);

    /// <summary>RCPT TO time checks: smtpd_relay_restrictions, then smtpd_recipient_restrictions,
    /// then local_recipient_maps for recipients in a local domain.</summary>
    ValueTask<PolicyDecision> CheckRecipientAsync(ClientInfo client, string sender, string recipient, CancellationToken cancellationToken);
}
