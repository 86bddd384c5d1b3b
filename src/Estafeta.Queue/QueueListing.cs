using System.Globalization;
using System.Text;

namespace Estafeta.Queue;

/// <summary>
/// The queue as Postfix's mailq (postqueue -p) prints it for short queue ids: the widths are
/// showq_compat's "%-11s %7s %-20s %s" header and "%-11s %7ld %20.20s %s" entry lines, where the
/// id carries '*' when active and '!' when on hold, and the arrival time is asctime() cut to 20 chars.
/// </summary>
public static class QueueListing
{
    private const string Header = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------";
    private const int RecipientIndent = 41;
    private const int ReasonWidth = 76;

    /// <summary>Renders every readable file; unreadable ones are skipped (recovery moves them to corrupt/).</summary>
    public static string Render(QueueStore store)
    {
        var zone = store.TimeProvider.LocalTimeZone;
        var text = new StringBuilder();
        long totalBytes = 0;
        var requests = 0;
        foreach (var entry in store.List())
        {
            QueueFile file;
            try
            {
                file = QueueFile.OpenEnvelope(entry.Path);
            }
            catch (Exception exception) when (exception is QueueFormatException or IOException)
            {
                continue;
            }

            if (requests == 0)
            {
                text.Append(Header).Append('\n');
            }

            requests++;
            totalBytes += file.ContentSize;
            var status = entry.Queue switch
            {
                QueueName.Active => "*",
                QueueName.Hold => "!",
                _ => string.Empty,
            };
            var arrival = Asctime(TimeZoneInfo.ConvertTime(file.ArrivalTime, zone))[..20];
            var sender = file.Envelope.Sender.Length == 0 ? "MAILER-DAEMON" : file.Envelope.Sender;
            text.Append(CultureInfo.InvariantCulture, $"{entry.QueueId + status,-11} {file.ContentSize,7} {arrival,20} {sender}\n");
            AppendRecipients(text, file, store.ReadDeferLog(entry.QueueId));

            text.Append('\n');
        }

        if (requests == 0)
        {
            return "Mail queue is empty\n";
        }

        var kbytes = (totalBytes + 1023) / 1024;
        text.Append(CultureInfo.InvariantCulture, $"-- {kbytes} Kbytes in {requests} Request{(requests == 1 ? string.Empty : "s")}.\n");
        return text.ToString();
    }

    // showq: recipients with a deferral reason first, each reason once (right-aligned to column 78 as
    // "%*s(%s)" with padding 76 - length), then the pending recipients that have no reason yet.
    private static void AppendRecipients(StringBuilder text, QueueFile file, DeferLog? log)
    {
        var reasons = new Dictionary<int, string>();
        foreach (var logged in log?.Recipients ?? [])
        {
            if (logged.Kind == RecipientLogKind.Deferred)
            {
                reasons[logged.QueueIndex] = logged.Reason;
            }
        }

        string? previous = null;
        var pending = file.Recipients.Select((recipient, index) => (recipient, index))
            .Where(item => item.recipient.Status == RecipientStatus.Pending)
            .OrderBy(item => reasons.ContainsKey(item.index) ? 0 : 1);
        foreach (var (recipient, index) in pending)
        {
            if (reasons.TryGetValue(index, out var reason) && reason != previous)
            {
                text.Append(' ', Math.Max(0, ReasonWidth - reason.Length)).Append('(').Append(reason).Append(")\n");
                previous = reason;
            }

            text.Append(' ', RecipientIndent).Append(recipient.Address).Append('\n');
        }
    }

    /// <summary>C's asctime(): "Mon Nov 30 21:40:51 2026" (day of month space-padded to two).</summary>
    internal static string Asctime(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time:ddd MMM} {time.Day,2} {time:HH:mm:ss yyyy}");
}
