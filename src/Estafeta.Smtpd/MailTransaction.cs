// One MAIL..DATA/BDAT transaction: what MAIL FROM and the accepted RCPT TOs said so far.
using Estafeta.Cleanup;
using Estafeta.Core;

namespace Estafeta.Smtpd;

internal sealed class MailTransaction
{
    public required string Sender { get; init; }

    public long? DeclaredSize { get; init; }

    public BodyType Body { get; init; }

    public bool SmtpUtf8 { get; init; }

    public DsnReturn Return { get; init; }

    public string? EnvelopeId { get; init; }

    public List<EnvelopeRecipient> Recipients { get; } = [];

    /// <summary>Taken from Cleanup at the first accepted RCPT (Postfix logs "ID: client=..." then).</summary>
    public string? QueueId { get; set; }

    /// <summary>Open while BDAT chunks are arriving.</summary>
    public IMessageWriter? ChunkWriter { get; set; }

    public bool UsedBdat { get; set; }

    public Envelope ToEnvelope() => new()
    {
        Sender = Sender,
        Recipients = Recipients.ToArray(),
        DeclaredSize = DeclaredSize,
        Body = Body,
        SmtpUtf8 = SmtpUtf8,
        Return = Return,
        EnvelopeId = EnvelopeId,
    };
}
