// Cleanup: completes each message (Received:, Message-ID:, Date:, From:, no Bcc:) and commits it to the queue.
// Trusts: the caller to have bounded and checked the envelope and to hand over dot-unstuffed lines.
// Must never: answer 250 before the queue's durable commit, or leave a file behind for a message it refused.
using Estafeta.Core;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.Cleanup;

/// <summary>The Cleanup service over a <see cref="QueueStore"/>: one <see cref="IMessageWriter"/> per message.</summary>
public sealed class CleanupService : ILocalCleanupService
{
    private readonly QueueStore _queue;
    private readonly CleanupSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public CleanupService(QueueStore queue, CleanupSettings settings, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.LineLengthLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.HeaderSizeLimit, 1);
        _queue = queue;
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("cleanup");
    }

    public string NewQueueId() => _queue.NewQueueId();

    /// <summary>Postfix's queue_minfree check: free space must be at least queue_minfree,
    /// 1.5 × message_size_limit, and the declared SIZE.</summary>
    public SmtpReply? CheckQueueSpace(long declaredSize)
    {
        long free;
        try
        {
            free = _queue.GetFreeBytes();
        }
        catch (IOException)
        {
            return CleanupReplies.InsufficientStorage;
        }

        var needed = Math.Max(_settings.QueueMinFree, _settings.MessageSizeLimit + (_settings.MessageSizeLimit / 2));
        needed = Math.Max(needed, declaredSize);
        return free >= needed ? null : CleanupReplies.InsufficientStorage;
    }

    public IMessageWriter Begin(string queueId, ClientInfo client, Envelope envelope) => BeginLocal(queueId, client, envelope, fullName: null);

    public IMessageWriter BeginLocal(string queueId, ClientInfo client, Envelope envelope, string? fullName)
    {
        var arrival = _timeProvider.GetUtcNow();
        var file = _queue.Create(queueId, arrival, client, envelope, _settings.LineLengthLimit);
        return new CleanupMessageWriter(file, _settings, client, envelope, fullName, arrival, _timeProvider.LocalTimeZone, _logger);
    }
}
