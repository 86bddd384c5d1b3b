// One delivery pass over one message in active/: resolve, dispatch, apply outcomes, then finish.
// Trusts: the queue file once QueueFile.Open validated it; agents to return one outcome per recipient
// (a missing one is a deferral). Must never: mark a recipient done before its outcome (or its bounce
// record) is durable, or remove the file while a recipient is pending or a notice is unsent.
using Estafeta.Delivery;
using Estafeta.Queue;
using Estafeta.Tables;

namespace Estafeta.QueueManager;

internal sealed partial class MessagePass
{
    private readonly QueueManagerContext _context;
    private readonly QueueEntry _entry;
    private readonly object _gate = new();
    private readonly Dictionary<int, RecipientLogEntry> _log = [];
    private readonly HashSet<int> _pending = [];
    private QueueFile _file = null!;
    private DeferLog _state = DeferLog.Empty;
    private DateTimeOffset _activeSince;

    public MessagePass(QueueManagerContext context, QueueEntry entry)
    {
        _context = context;
        _entry = entry;
    }

    private QueueStore Store => _context.Store;

    private DateTimeOffset Now => _context.Time.GetUtcNow();

    public async Task RunAsync(CancellationToken stopping)
    {
        _activeSince = Now;
        if (!TryOpen())
        {
            return;
        }

        _state = Store.ReadDeferLog(_entry.QueueId) ?? DeferLog.Empty;
        foreach (var logged in _state.Recipients)
        {
            _log[logged.QueueIndex] = logged;
        }

        for (var index = 0; index < _file.Recipients.Count; index++)
        {
            if (_file.Recipients[index].Status != RecipientStatus.Pending)
            {
                continue;
            }

            if (_log.TryGetValue(index, out var logged) && logged.Kind is RecipientLogKind.Bounced or RecipientLogKind.Delivered)
            {
                // A crash came between recording the outcome and marking the recipient: finish the mark.
                QueueFile.UpdateRecipientStatus(_file.Path, _file.Recipients[index], RecipientStatus.Done, durable: false);
                continue;
            }

            _pending.Add(index);
        }

        foreach (var stale in _log.Where(e => e.Value.Kind == RecipientLogKind.Deferred && !_pending.Contains(e.Key)).Select(e => e.Key).ToList())
        {
            _log.Remove(stale); // delivered after that deferral, before a crash kept the log from being rewritten
        }

        QmgrLog.QueueActive(_context.QmgrLogger, _entry.QueueId, _file.Envelope.Sender, _file.ContentSize, _pending.Count);
        var groups = Resolve();
        await Task.WhenAll(groups.Select(group => DeliverAsync(group, stopping))).ConfigureAwait(false);
        if (stopping.IsCancellationRequested)
        {
            // Shutting down: leave the message in active/, where the next start resumes its pending recipients.
            if (File.Exists(_entry.Path))
            {
                SaveLog(_state.Attempts, _state.DelayWarningSent);
            }

            return;
        }

        await FinishAsync().ConfigureAwait(false);
    }

    private bool TryOpen()
    {
        try
        {
            _file = QueueFile.Open(_entry.Path);
            return true;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (QueueFormatException exception)
        {
            Store.Move(_entry, QueueName.Corrupt);
            QmgrLog.Corrupt(_context.QmgrLogger, _entry.QueueId, exception.Message);
            return false;
        }
    }

    private List<DeliveryGroup> Resolve()
    {
        var routes = new Dictionary<(string, string), List<DeliveryRecipient>>();
        var order = new List<(string Transport, string Nexthop)>();
        foreach (var index in _pending.Order())
        {
            var queued = _file.Recipients[index];
            ResolvedAddress resolved;
            try
            {
                resolved = _context.Resolver.Resolve(queued.Address);
            }
            catch (LookupTableException exception)
            {
                QmgrLog.MessageWarning(_context.QmgrLogger, _entry.QueueId, "transport_maps lookup failure: " + exception.Message);
                var recipient = new DeliveryRecipient(index, queued.Address);
                Apply(_context.QmgrLogger, recipient, new RecipientOutcome(index, DeliveryStatus.Deferred, "4.3.0", "address resolver failure", "none"), null);
                continue;
            }

            var key = (resolved.Transport, resolved.Nexthop);
            if (!routes.TryGetValue(key, out var list))
            {
                routes[key] = list = [];
                order.Add(key);
            }

            var originalAddress = resolved.Recipient == queued.Address ? null : queued.Address;
            list.Add(new DeliveryRecipient(index, resolved.Recipient, originalAddress, queued.Recipient.Notify, queued.Recipient.OriginalRecipient));
        }

        var groups = new List<DeliveryGroup>();
        foreach (var (transport, nexthop) in order)
        {
            var limit = _context.Limits.RecipientLimit(transport);
            groups.AddRange(routes[(transport, nexthop)].Chunk(limit).Select(chunk => new DeliveryGroup(transport, nexthop, chunk)));
        }

        return groups;
    }

    private async Task DeliverAsync(DeliveryGroup group, CancellationToken stopping)
    {
        if (_context.DeadDestinations.IsDead(group.Transport, group.Nexthop, out var deadDsn, out var deadReason))
        {
            const string Suspended = "delivery temporarily suspended: ";
            var reason = deadReason.StartsWith(Suspended, StringComparison.Ordinal) ? deadReason : Suspended + deadReason;
            DeferAll(group, deadDsn, reason);
            return;
        }

        if (!_context.Agents.TryGetValue(group.Transport, out var agent))
        {
            DeferAll(group, "4.3.0", "mail transport unavailable");
            return;
        }

        IDisposable slot;
        try
        {
            slot = await _context.Limits.AcquireAsync(group.Transport, group.Nexthop, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using (slot)
        {
            var handoff = Now;
            IReadOnlyList<RecipientOutcome> outcomes;
            try
            {
                outcomes = await agent.DeliverAsync(Request(group), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // An agent must not throw for a recipient's failure; if it does, nothing was delivered for sure.
                QmgrLog.MessageWarning(_context.QmgrLogger, _entry.QueueId, $"{group.Transport} delivery agent failed: {exception.Message}");
                outcomes = [];
            }

            ApplyOutcomes(group, outcomes, handoff);
        }
    }

    private DeliveryRequest Request(DeliveryGroup group) => new()
    {
        QueueId = _entry.QueueId,
        QueueFilePath = _file.Path,
        ContentVerified = true,
        Transport = group.Transport,
        Nexthop = group.Nexthop,
        Sender = _file.Envelope.Sender,
        ArrivalTime = _file.ArrivalTime,
        Recipients = group.Recipients,
        ContentSize = _file.ContentSize,
        Body = _file.Envelope.Body,
        SmtpUtf8 = _file.Envelope.SmtpUtf8,
        Return = _file.Envelope.Return,
        EnvelopeId = _file.Envelope.EnvelopeId,
        Client = _file.Client,
    };

    private void ApplyOutcomes(DeliveryGroup group, IReadOnlyList<RecipientOutcome> outcomes, DateTimeOffset handoff)
    {
        var logger = _context.TransportLogger(group.Transport);
        var byIndex = new Dictionary<int, RecipientOutcome>();
        foreach (var outcome in outcomes)
        {
            byIndex.TryAdd(outcome.QueueIndex, outcome);
        }

        foreach (var recipient in group.Recipients)
        {
            var outcome = byIndex.GetValueOrDefault(recipient.QueueIndex)
                ?? new RecipientOutcome(recipient.QueueIndex, DeliveryStatus.Deferred, "4.3.0", "unknown mail transport error", "none");
            Apply(logger, recipient, outcome, handoff);
        }

        // Dead-site throttling: a connection-level failure for the whole request marks the destination.
        var results = group.Recipients.Select(r => byIndex.GetValueOrDefault(r.QueueIndex)).ToList();
        if (results.Count > 0 && results.All(o => o is { Status: DeliveryStatus.Deferred } && o.Dsn.StartsWith("4.4.", StringComparison.Ordinal)))
        {
            _context.DeadDestinations.MarkDead(group.Transport, group.Nexthop, results[0]!.Dsn, results[0]!.Reason);
        }
        else if (results.Any(o => o is { Status: DeliveryStatus.Sent }))
        {
            _context.DeadDestinations.MarkAlive(group.Transport, group.Nexthop);
        }
    }
}
