// Cleanup as the daemon runs it: every message committed to incoming/ rings the queue manager at once
// (the queue manager's own scan is only the fallback).
using Estafeta.Cleanup;
using Estafeta.Core;

namespace Estafeta.Host.Daemon;

internal sealed class WakingCleanupService(ILocalCleanupService inner, QueueTrigger trigger) : ILocalCleanupService
{
    public string NewQueueId() => inner.NewQueueId();

    public SmtpReply? CheckQueueSpace(long declaredSize) => inner.CheckQueueSpace(declaredSize);

    public IMessageWriter Begin(string queueId, ClientInfo client, Envelope envelope) =>
        new WakingWriter(inner.Begin(queueId, client, envelope), trigger);

    public IMessageWriter BeginLocal(string queueId, ClientInfo client, Envelope envelope, string? fullName) =>
        new WakingWriter(inner.BeginLocal(queueId, client, envelope, fullName), trigger);

    private sealed class WakingWriter(IMessageWriter inner, QueueTrigger trigger) : IMessageWriter
    {
        public string QueueId => inner.QueueId;

        public long Size => inner.Size;

        public void AppendLine(ReadOnlySpan<byte> line) => inner.AppendLine(line);

        public async ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
        {
            var reply = await inner.CommitAsync(cancellationToken);
            if (reply.Code == 250)
            {
                trigger.Wake();
            }

            return reply;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
