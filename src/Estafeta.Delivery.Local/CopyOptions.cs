namespace Estafeta.Delivery.Local;

/// <summary>What is added around the queued content when it is copied (Postfix's MAIL_COPY_* flags).</summary>
/// <param name="FromLine">Prepend "From SENDER DATE" (mbox and commands).</param>
/// <param name="QuoteFrom">Quote lines matching ^&gt;*From  with one more '&gt;' (mbox).</param>
/// <param name="BlankLine">Append an empty line (mbox).</param>
/// <param name="OriginalRecipient">When not null, prepend X-Original-To: with it (commands, as Postfix does).</param>
/// <param name="DeliveredTo">The Delivered-To: value.</param>
internal sealed record CopyOptions(bool FromLine, bool QuoteFrom, bool BlankLine, string? OriginalRecipient, string DeliveredTo)
{
    public static CopyOptions Mbox(string deliveredTo) => new(true, true, true, null, deliveredTo);

    public static CopyOptions Maildir(string deliveredTo) => new(false, false, false, null, deliveredTo);

    public static CopyOptions Command(string deliveredTo, string originalRecipient) => new(true, false, false, originalRecipient, deliveredTo);
}
