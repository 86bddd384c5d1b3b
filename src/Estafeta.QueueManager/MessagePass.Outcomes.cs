using Estafeta.Delivery;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.QueueManager;

/// <summary>Applying one outcome: the log line, the defer-log entry, and the recipient's done mark, in that order.</summary>
internal sealed partial class MessagePass
{
    private void DeferAll(DeliveryGroup group, string dsn, string reason)
    {
        foreach (var recipient in group.Recipients)
        {
            Apply(_context.QmgrLogger, recipient, new RecipientOutcome(recipient.QueueIndex, DeliveryStatus.Deferred, dsn, reason, "none"), null);
        }
    }

    private void Apply(ILogger logger, DeliveryRecipient recipient, RecipientOutcome outcome, DateTimeOffset? handoff)
    {
        if (_context.Settings.SoftBounce && outcome.Status == DeliveryStatus.Bounced)
        {
            outcome = outcome with { Status = DeliveryStatus.Deferred, Dsn = "4" + outcome.Dsn[1..] };
        }

        var now = Now;
        var beforeActive = _activeSince - _file.ArrivalTime;
        var inQmgr = (handoff ?? now) - _activeSince;
        var transmission = handoff is { } start ? now - start - outcome.Setup : TimeSpan.Zero;
        foreach (var line in DeliveryLine.FormatAll(_entry.QueueId, recipient, outcome, now - _file.ArrivalTime, beforeActive, inQmgr,
            outcome.Setup, transmission, _context.Settings.DelayLoggingResolutionLimit))
        {
            QmgrLog.Delivery(logger, line);
        }

        var index = recipient.QueueIndex;
        var entry = new RecipientLogEntry(index, recipient.Address, Kind(outcome.Status), outcome.Dsn, outcome.Reason)
        {
            Relay = outcome.Relay,
            RemoteMta = outcome.RemoteMta,
            DiagnosticCode = outcome.DiagnosticCode,
            Time = now,
        };
        lock (_gate)
        {
            if (!_pending.Contains(index))
            {
                return;
            }

            var wantsSuccess = _file.Recipients[index].Recipient.Notify.HasFlag(Core.DsnNotify.Success);
            switch (outcome.Status)
            {
                case DeliveryStatus.Deferred:
                    _log[index] = entry;
                    return;
                case DeliveryStatus.Sent when !wantsSuccess:
                    _log.Remove(index);
                    break;
                default:
                    // The bounce (or success) record is made durable first: a crash after it loses no notice.
                    _log[index] = entry;
                    SaveLog(_state.Attempts, _state.DelayWarningSent);
                    break;
            }

            QueueFile.UpdateRecipientStatus(_file.Path, _file.Recipients[index], RecipientStatus.Done, durable: false);
            _pending.Remove(index);
        }
    }

    private static RecipientLogKind Kind(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sent => RecipientLogKind.Delivered,
        DeliveryStatus.Bounced => RecipientLogKind.Bounced,
        _ => RecipientLogKind.Deferred,
    };

    private void SaveLog(int attempts, bool warned)
    {
        lock (_gate)
        {
            _state = new DeferLog { Attempts = attempts, DelayWarningSent = warned, Recipients = [.. _log.Values.OrderBy(e => e.QueueIndex)] };
            Store.WriteDeferLog(_entry.QueueId, _state);
        }
    }
}
