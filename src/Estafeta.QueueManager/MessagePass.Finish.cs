using Estafeta.Queue;

namespace Estafeta.QueueManager;

/// <summary>The end of a pass: expiry, notices, then remove the message or put it in deferred/ until its next attempt.</summary>
internal sealed partial class MessagePass
{
    // Notices are queued without the stopping token: a local file write, reporting outcomes that are already final.
    private async Task FinishAsync()
    {
        var now = Now;
        var lifetime = _file.Envelope.Sender.Length == 0 ? _context.Settings.BounceQueueLifetime : _context.Settings.MaximalQueueLifetime;
        if (_pending.Count > 0 && now - _file.ArrivalTime > lifetime)
        {
            Expire(now);
        }

        var attempts = _state.Attempts;
        var warned = _state.DelayWarningSent;
        var notified = await NotifyAsync(DsnKind.Failure, RecipientLogKind.Bounced).ConfigureAwait(false)
            & await NotifyAsync(DsnKind.Success, RecipientLogKind.Delivered).ConfigureAwait(false);

        if (_pending.Count == 0 && notified)
        {
            // "removed" only for a file this pass removed: never twice for one message.
            if (Store.Remove(_entry, durable: false))
            {
                QmgrLog.Removed(_context.QmgrLogger, _entry.QueueId);
            }

            return;
        }

        if (_pending.Count > 0)
        {
            attempts++;
            var warning = _context.Settings.DelayWarningTime;
            if (!warned && warning > TimeSpan.Zero && now - _file.ArrivalTime >= warning)
            {
                warned = await SendDelayWarningAsync().ConfigureAwait(false);
            }
        }

        SaveLog(attempts, warned);
        var next = now + _context.Backoff(_file.ArrivalTime);
        File.SetLastWriteTimeUtc(_entry.Path, next.UtcDateTime);
        Store.Move(_entry, QueueName.Deferred, durable: false);
    }

    // maximal_queue_lifetime passed: the recipients still pending bounce with their last reason and status,
    // as Postfix's bounce(8) reports them from the defer logfile ("status=expired, returned to sender").
    private void Expire(DateTimeOffset now)
    {
        QmgrLog.Expired(_context.QmgrLogger, _entry.QueueId, _file.Envelope.Sender);
        lock (_gate)
        {
            foreach (var index in _pending.Order().ToList())
            {
                var last = _log.GetValueOrDefault(index);
                _log[index] = last is { Kind: RecipientLogKind.Deferred }
                    ? last with { Kind = RecipientLogKind.Bounced, Time = now }
                    : new RecipientLogEntry(index, _file.Recipients[index].Address, RecipientLogKind.Bounced, "4.7.0", "message expired") { Time = now };
            }

            SaveLog(_state.Attempts, _state.DelayWarningSent);
            foreach (var index in _pending)
            {
                QueueFile.UpdateRecipientStatus(_file.Path, _file.Recipients[index], RecipientStatus.Done, durable: false);
            }

            _pending.Clear();
        }
    }

    /// <summary>Sends one notice for the entries of that kind; false when it could not be queued (kept for the next pass).</summary>
    private async Task<bool> NotifyAsync(DsnKind kind, RecipientLogKind entries)
    {
        List<RecipientLogEntry> due;
        lock (_gate)
        {
            due = [.. _log.Values.Where(e => e.Kind == entries).OrderBy(e => e.QueueIndex)];
        }

        if (due.Count == 0)
        {
            return true;
        }

        try
        {
            await _context.Notifier.NotifyAsync(kind, _file, due, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return false;
        }

        lock (_gate)
        {
            foreach (var entry in due)
            {
                _log.Remove(entry.QueueIndex);
            }
        }

        return true;
    }

    private async Task<bool> SendDelayWarningAsync()
    {
        List<RecipientLogEntry> delayed;
        lock (_gate)
        {
            delayed = [.. _log.Values.Where(e => e.Kind == RecipientLogKind.Deferred && _pending.Contains(e.QueueIndex)).OrderBy(e => e.QueueIndex)];
        }

        try
        {
            await _context.Notifier.NotifyAsync(DsnKind.Delay, _file, delayed, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
