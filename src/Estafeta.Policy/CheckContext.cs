using Estafeta.Core;
using Estafeta.Core.Addresses;

namespace Estafeta.Policy;

/// <summary>What one MAIL or RCPT check knows: the client, the sender, and (at RCPT) the recipient.</summary>
internal sealed class CheckContext(ClientInfo client, string sender, SmtpAddress? senderAddress)
{
    public ClientInfo Client { get; } = client;

    /// <summary>The reverse path as given; empty for the null sender.</summary>
    public string Sender { get; } = sender;

    /// <summary>Null when the sender did not parse (Smtpd checks syntax first; we then skip address checks).</summary>
    public SmtpAddress? SenderAddress { get; } = senderAddress;

    public string? Recipient { get; init; }

    public SmtpAddress? RecipientAddress { get; init; }

    public ResolvedRecipient? Resolved { get; init; }
}
