using System.Text;
using Estafeta.Core;
using Estafeta.Smtp;

namespace Estafeta.Delivery.Smtp;

/// <summary>The MAIL FROM and RCPT TO command lines, with the ESMTP parameters a server announced.</summary>
internal static class SmtpEnvelopeCommands
{
    /// <summary>MAIL FROM with SIZE, BODY, SMTPUTF8, RET and ENVID as the server's extensions allow.</summary>
    public static string Mail(DeliveryRequest request, EhloCapabilities capabilities)
    {
        var command = new StringBuilder("MAIL FROM:<").Append(request.Sender).Append('>');
        if (capabilities.Size)
        {
            command.Append(" SIZE=").Append(request.ContentSize);
        }

        if (capabilities.EightBitMime && request.Body is BodyType.EightBitMime or BodyType.BinaryMime)
        {
            command.Append(" BODY=8BITMIME");
        }

        if (capabilities.SmtpUtf8 && request.SmtpUtf8)
        {
            command.Append(" SMTPUTF8");
        }

        if (capabilities.Dsn)
        {
            if (request.Return != DsnReturn.Unspecified)
            {
                command.Append(" RET=").Append(request.Return == DsnReturn.Full ? "FULL" : "HDRS");
            }

            if (!string.IsNullOrEmpty(request.EnvelopeId))
            {
                command.Append(" ENVID=").Append(Xtext.Encode(request.EnvelopeId));
            }
        }

        return command.ToString();
    }

    /// <summary>RCPT TO with NOTIFY and ORCPT when the server offers DSN.</summary>
    public static string Rcpt(DeliveryRecipient recipient, EhloCapabilities capabilities)
    {
        var command = new StringBuilder("RCPT TO:<").Append(recipient.Address).Append('>');
        if (!capabilities.Dsn)
        {
            return command.ToString();
        }

        if (recipient.Notify != DsnNotify.Unspecified)
        {
            command.Append(" NOTIFY=").Append(NotifyText(recipient.Notify));
        }

        var orcpt = OriginalRecipient(recipient);
        if (orcpt is not null)
        {
            command.Append(" ORCPT=").Append(orcpt);
        }

        return command.ToString();
    }

    /// <summary>ORCPT as given ("rfc822;addr", the address xtext-encoded on the wire), else rfc822;orig_to as Postfix sends.</summary>
    private static string? OriginalRecipient(DeliveryRecipient recipient)
    {
        if (!string.IsNullOrEmpty(recipient.OriginalRecipient))
        {
            var semicolon = recipient.OriginalRecipient.IndexOf(';', StringComparison.Ordinal);
            if (semicolon > 0)
            {
                var address = recipient.OriginalRecipient[(semicolon + 1)..];
                var decoded = Xtext.Decode(Encoding.UTF8.GetBytes(address)) ?? address;
                return recipient.OriginalRecipient[..semicolon] + ";" + Xtext.Encode(decoded);
            }
        }

        return string.IsNullOrEmpty(recipient.OriginalAddress) ? null : "rfc822;" + Xtext.Encode(recipient.OriginalAddress);
    }

    private static string NotifyText(DsnNotify notify)
    {
        if (notify.HasFlag(DsnNotify.Never))
        {
            return "NEVER";
        }

        var words = new List<string>(3);
        if (notify.HasFlag(DsnNotify.Success))
        {
            words.Add("SUCCESS");
        }

        if (notify.HasFlag(DsnNotify.Failure))
        {
            words.Add("FAILURE");
        }

        if (notify.HasFlag(DsnNotify.Delay))
        {
            words.Add("DELAY");
        }

        return string.Join(',', words);
    }
}
