// Writes mail the server makes itself (bounces, delay warnings, forwarded copies) into incoming/.
// Trusts: the caller's content lines (no CR or LF inside). Must never: report an id before the file and
// its directory entry are on stable storage (QueueFileWriter.Commit does both).
using System.Net;
using Estafeta.Core;
using Estafeta.Delivery;
using Estafeta.Queue;

namespace Estafeta.QueueManager;

/// <summary>The queue's <see cref="IMessageInjector"/>: QueueStore.Create, write, commit, then wake the queue manager.</summary>
public sealed class QueueInjector : IMessageInjector
{
    private static readonly ClientInfo LocalClient = new()
    {
        Address = IPAddress.Loopback,
        Name = "localhost",
        ReverseName = "localhost",
        Protocol = "LOCAL",
    };

    private readonly QueueStore _store;
    private readonly int _lineLengthLimit;
    private readonly Action? _committed;

    /// <param name="store">The queue.</param>
    /// <param name="committed">Called after each commit (the lead passes () => queueManager.Wake()).</param>
    /// <param name="lineLengthLimit">line_length_limit: the piece size for long lines.</param>
    public QueueInjector(QueueStore store, Action? committed = null, int lineLengthLimit = 2048)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _committed = committed;
        _lineLengthLimit = lineLengthLimit;
    }

    public Task<string> InjectAsync(InjectedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var envelope = new Envelope
        {
            Sender = message.Sender,
            Recipients = message.Recipients,
            Body = message.Body,
            SmtpUtf8 = message.SmtpUtf8,
        };
        var id = _store.NewQueueId();
        using (var writer = _store.Create(id, _store.TimeProvider.GetUtcNow(), LocalClient, envelope, _lineLengthLimit))
        {
            foreach (var line in message.Lines)
            {
                writer.WriteLine(line);
            }

            var result = writer.Commit();
            if (result != QueueCommitResult.Committed)
            {
                throw new IOException($"cannot queue {message.Origin} message: {(result == QueueCommitResult.InsufficientStorage ? "insufficient system storage" : "queue file write error")}");
            }
        }

        _committed?.Invoke();
        return Task.FromResult(id);
    }
}
