// What Smtpd (and later sendmail/pickup) hands a message to. Cleanup completes the message and
// commits it to the Queue. Trusts: the envelope was bounded and checked by the caller.
// Must never: report success before the queue file and its directory entry are on stable storage.
using Estafeta.Core;

namespace Estafeta.Cleanup;

/// <summary>The entry point of Cleanup: one writer per message.</summary>
public interface ICleanupService
{
    /// <summary>A fresh queue id, unique across restarts (Smtpd takes it at the first accepted RCPT
    /// so that it can log "ID: client=NAME[IP]" as Postfix does).</summary>
    string NewQueueId();

    /// <summary>Null when the queue has room for a message of this size (Postfix's queue_minfree check:
    /// free space at least 1.5 × message_size_limit); else 452 4.3.1 Insufficient system storage.</summary>
    SmtpReply? CheckQueueSpace(long declaredSize);

    /// <summary>Opens a message in the queue's temporary area. Throws IOException when the queue
    /// cannot be written (Smtpd answers 451 4.3.0).</summary>
    IMessageWriter Begin(string queueId, ClientInfo client, Envelope envelope);
}

/// <summary>Receives one message line by line, then commits it or throws it away (DisposeAsync without commit).</summary>
public interface IMessageWriter : IAsyncDisposable
{
    string QueueId { get; }

    /// <summary>Bytes of content taken so far (as the client sent them, CRLF counted as 2).</summary>
    long Size { get; }

    /// <summary>One line of content without its line ending, already dot-unstuffed. Headers are
    /// processed (Received: counted, Bcc: removed, missing headers added); over-long lines are folded.</summary>
    void AppendLine(ReadOnlySpan<byte> line);

    /// <summary>Finishes the message: on success the file is durable in the incoming queue and the
    /// reply is "250 2.0.0 Ok: queued as ID"; otherwise the reply says why (554 5.4.0 Error: too
    /// many hops, 451 4.3.0 Error: queue file write error, 452 4.3.1 Insufficient system storage)
    /// and nothing is left in the queue.</summary>
    ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken);
}
