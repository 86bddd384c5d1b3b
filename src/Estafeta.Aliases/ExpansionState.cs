using Estafeta.Delivery;

namespace Estafeta.Aliases;

/// <summary>
/// What one step of expansion knows (Postfix's LOCAL_STATE + DELIVER_ATTR, passed by value so a nested
/// step never changes its caller's view). Rights is null for root's rights (then default_privs applies).
/// </summary>
internal sealed record ExpansionState
{
    public required int Level { get; init; }

    /// <summary>The recipient at this step, e.g. "alumno@host" (Postfix: rcpt.address).</summary>
    public required string Address { get; init; }

    /// <summary>The envelope sender for copies made from here on (owner-NAME when set).</summary>
    public required string Sender { get; init; }

    /// <summary>Postfix's owner attribute (really "forwarder"): set, local names go out as new messages.</summary>
    public string? Owner { get; init; }

    public ExpansionKind Kind { get; init; }

    /// <summary>The alias or user whose expansion this is: that name, met again, goes to the mailbox.</summary>
    public string? ExpandedFrom { get; init; }

    /// <summary>An extension that no alias matched, to splice into addresses found in the expansion.</summary>
    public string? Unmatched { get; init; }

    /// <summary>Lower-cased local part with extension ("user+ext").</summary>
    public string Local { get; init; } = string.Empty;

    /// <summary>Lower-cased local part without extension ("user").</summary>
    public string User { get; init; } = string.Empty;

    public string? Extension { get; init; }

    /// <summary>The delimiter character that separated the extension, for ${recipient_delimiter}.</summary>
    public string? DelimiterUsed { get; init; }

    public LocalUser? Rights { get; init; }

    public ExpansionState Deeper() => this with { Level = Level + 1 };
}
