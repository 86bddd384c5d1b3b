// Builds RFC 3464 delivery status notifications as Postfix's bounce(8) writes them, with MimeKit.
// Trusts: the queue file (validated) and the per-recipient log entries. Must never: embed more of the
// original than RET= allows (headers only for RET=HDRS), or let a CR/LF from a reason start a new header.
using System.Globalization;
using System.Text;
using Estafeta.Core;
using Estafeta.Queue;
using MimeKit;
using MimeKit.Utils;

namespace Estafeta.QueueManager;

/// <summary>Who the notice is for and what goes in it.</summary>
/// <param name="Kind">Failure, delay or success.</param>
/// <param name="To">The notice's recipient (the original sender, or the postmaster).</param>
/// <param name="PostmasterCopy">True for a notice to the postmaster (no boilerplate text).</param>
/// <param name="HeadersOnly">Return only the original's headers (RET=HDRS, delay and success notices, the
/// postmaster's copy of a single bounce); null = as RET= and the kind say.</param>
internal sealed record DsnRequest(DsnKind Kind, string To, bool PostmasterCopy, bool? HeadersOnly = null);

internal sealed class DsnComposer(QueueManagerSettings settings, TimeProvider time)
{
    private const string Signature = "                   The mail system";

    public MimeMessage Compose(DsnRequest request, QueueFile original, IReadOnlyList<RecipientLogEntry> entries)
    {
        var host = settings.MyHostname;
        var message = new MimeMessage
        {
            Date = time.GetUtcNow(),
            Subject = Subject(request),
            MessageId = MimeUtils.GenerateMessageId(host),
        };
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + host));
        message.To.Add(new MailboxAddress(string.Empty, request.To));
        message.Headers.Add("Auto-Submitted", "auto-replied");

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain")
            {
                ContentDescription = "Notification",
                Text = HumanText(request, entries),
            },
            StatusPart(request, original, entries),
            OriginalPart(request, original),
        };
        message.Body = report;
        return message;
    }

    /// <summary>The message as content lines without line endings (for IMessageInjector).</summary>
    public static IReadOnlyList<byte[]> ToLines(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Unix }, buffer);
        var bytes = buffer.ToArray().AsSpan();
        var lines = new List<byte[]>();
        while (bytes.Length > 0)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : newline;
            lines.Add(bytes[..end].ToArray());
            bytes = newline < 0 ? [] : bytes[(newline + 1)..];
        }

        return lines;
    }

    private static string Subject(DsnRequest request) => request.Kind switch
    {
        DsnKind.Failure when request.PostmasterCopy => "Postmaster Copy: Undelivered Mail",
        DsnKind.Failure => "Undelivered Mail Returned to Sender",
        DsnKind.Delay => "Delayed Mail (still being retried)",
        _ => "Successful Mail Delivery Report",
    };

    private string HumanText(DsnRequest request, IReadOnlyList<RecipientLogEntry> entries)
    {
        var text = new StringBuilder();
        if (!request.PostmasterCopy)
        {
            text.Append(CultureInfo.InvariantCulture, $"This is the mail system at host {settings.MyHostname}.\n\n");
            text.Append(request.Kind switch
            {
                DsnKind.Failure =>
                    "I'm sorry to have to inform you that your message could not\n" +
                    "be delivered to one or more recipients. It's attached below.\n\n" +
                    "For further assistance, please send mail to postmaster.\n\n" +
                    "If you do so, please include this problem report. You can\n" +
                    "delete your own text from the attached returned message.\n\n",
                DsnKind.Delay =>
                    "####################################################################\n" +
                    "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n" +
                    "####################################################################\n\n" +
                    string.Create(CultureInfo.InvariantCulture, $"Your message could not be delivered for {Hours(settings.DelayWarningTime)} hour(s).\n") +
                    string.Create(CultureInfo.InvariantCulture, $"It will be retried until it is {Days(settings.MaximalQueueLifetime)} day(s) old.\n\n") +
                    "For further assistance, please send mail to postmaster.\n\n" +
                    "If you do so, please include this problem report. You can\n" +
                    "delete your own text from the attached returned message.\n\n",
                _ =>
                    "Your message was successfully delivered to the destination(s)\n" +
                    "listed below. If the message was delivered to mailbox you will\n" +
                    "receive no further notifications. Otherwise you may still receive\n" +
                    "notifications of mail delivery errors from other systems.\n\n",
            });
            text.Append(Signature).Append('\n');
        }

        foreach (var entry in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n<{entry.Address}>: {OneLine(entry.Reason)}\n");
        }

        return text.ToString();
    }

    private MessageDeliveryStatus StatusPart(DsnRequest request, QueueFile original, IReadOnlyList<RecipientLogEntry> entries)
    {
        var status = new MessageDeliveryStatus();
        status.Headers.Add("Content-Description", "Delivery report");
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", "dns; " + settings.MyHostname },
            { "X-Postfix-Queue-ID", original.QueueId },
            { "X-Postfix-Sender", "rfc822; " + original.Envelope.Sender },
        };
        if (original.Envelope.EnvelopeId is { } envelopeId)
        {
            perMessage.Add("Original-Envelope-Id", OneLine(envelopeId));
        }

        perMessage.Add("Arrival-Date", DateUtils.FormatDate(original.ArrivalTime));
        status.StatusGroups.Add(perMessage);
        foreach (var entry in entries)
        {
            var group = new HeaderList { { "Final-Recipient", "rfc822; " + entry.Address } };
            if (entry.QueueIndex < original.Recipients.Count && original.Recipients[entry.QueueIndex].Recipient.OriginalRecipient is { } orcpt)
            {
                group.Add("Original-Recipient", OneLine(orcpt));
            }

            group.Add("Action", Action(request.Kind, entry));
            group.Add("Status", entry.Dsn);
            if (entry.RemoteMta is { } remote)
            {
                group.Add("Remote-MTA", OneLine(remote));
            }

            group.Add("Diagnostic-Code", OneLine(entry.DiagnosticCode ?? "X-Postfix; " + entry.Reason));
            if (request.Kind == DsnKind.Delay)
            {
                group.Add("Will-Retry-Until", DateUtils.FormatDate(original.ArrivalTime + settings.MaximalQueueLifetime));
            }

            status.StatusGroups.Add(group);
        }

        return status;
    }

    private static string Action(DsnKind kind, RecipientLogEntry entry) => kind switch
    {
        DsnKind.Failure => "failed",
        DsnKind.Delay => "delayed",
        _ => entry.Relay is "local" or "none" ? "delivered" : "relayed",
    };

    private static MimeEntity OriginalPart(DsnRequest request, QueueFile original)
    {
        var headersOnly = request.HeadersOnly ?? (request.Kind != DsnKind.Failure || original.Envelope.Return == DsnReturn.Headers);
        using var content = new MemoryStream();
        foreach (var line in original.ReadLines())
        {
            if (headersOnly && line.Length == 0)
            {
                break;
            }

            content.Write(line);
            content.WriteByte((byte)'\n');
        }

        if (headersOnly)
        {
            content.WriteByte((byte)'\n');
        }

        content.Position = 0;
        var parsed = MimeMessage.Load(content);
        MessagePart part = headersOnly ? new TextRfc822Headers { Message = parsed } : new MessagePart { Message = parsed };
        part.Headers.Add("Content-Description", headersOnly ? "Undelivered Message Headers" : "Undelivered Message");
        return part;
    }

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');

    private static string Hours(TimeSpan span) => Math.Round(span.TotalHours).ToString(CultureInfo.InvariantCulture);

    private static string Days(TimeSpan span) => Math.Round(span.TotalDays).ToString(CultureInfo.InvariantCulture);
}
