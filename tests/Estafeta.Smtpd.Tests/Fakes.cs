using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Estafeta.Cleanup;
using Estafeta.Core;
using Estafeta.Policy;
using Microsoft.Extensions.Logging;

namespace Estafeta.Smtpd.Tests;

/// <summary>Local domain "example.org"; anything else is relay-denied, as reject_unauth_destination would.</summary>
internal sealed class FakePolicy : ISmtpdPolicy
{
    public bool MyNetworks { get; set; }

    public bool IsInMyNetworks(IPAddress address) => MyNetworks;

    public ValueTask<PolicyDecision> CheckSenderAsync(ClientInfo client, string sender, CancellationToken cancellationToken)
        => ValueTask.FromResult(sender.StartsWith("blocked@", StringComparison.Ordinal)
            ? PolicyDecision.Rejected(new SmtpReply(553, "5.7.1", $"<{sender}>: Sender address rejected: Access denied"))
            : PolicyDecision.Accept);

    public ValueTask<PolicyDecision> CheckRecipientAsync(ClientInfo client, string sender, string recipient, CancellationToken cancellationToken)
        => ValueTask.FromResult(recipient.EndsWith("@example.org", StringComparison.OrdinalIgnoreCase) || !recipient.Contains('@', StringComparison.Ordinal)
            ? PolicyDecision.Accept
            : PolicyDecision.Rejected(new SmtpReply(554, "5.7.1", $"<{recipient}>: Relay access denied")));
}

internal sealed record StoredMessage(string QueueId, ClientInfo Client, Envelope Envelope, List<string> Lines);

/// <summary>Keeps committed messages in memory.</summary>
internal sealed class FakeCleanup : ICleanupService
{
    private long _next = 0x3F1A2B4C5C;

    public ConcurrentQueue<StoredMessage> Messages { get; } = new();

    public SmtpReply? QueueSpaceReply { get; set; }

    public bool FailBegin { get; set; }

    public SmtpReply? CommitReply { get; set; }

    public int Begun;

    public string NewQueueId() => Interlocked.Increment(ref _next).ToString("X10", System.Globalization.CultureInfo.InvariantCulture);

    public SmtpReply? CheckQueueSpace(long declaredSize) => QueueSpaceReply;

    public IMessageWriter Begin(string queueId, ClientInfo client, Envelope envelope)
    {
        if (FailBegin)
        {
            throw new IOException("disk on fire");
        }

        Interlocked.Increment(ref Begun);
        return new Writer(this, new StoredMessage(queueId, client, envelope, []));
    }

    private sealed class Writer(FakeCleanup owner, StoredMessage message) : IMessageWriter
    {
        public string QueueId => message.QueueId;

        public long Size { get; private set; }

        public void AppendLine(ReadOnlySpan<byte> line)
        {
            message.Lines.Add(Encoding.Latin1.GetString(line));
            Size += line.Length + 2;
        }

        public ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
        {
            if (owner.CommitReply is { } reply)
            {
                return ValueTask.FromResult(reply);
            }

            owner.Messages.Enqueue(message);
            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", $"Ok: queued as {QueueId}"));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

internal sealed class FakeResolver : IClientNameResolver
{
    public ValueTask<(string Name, string ReverseName)> ResolveAsync(IPAddress address, CancellationToken ct)
        => ValueTask.FromResult(IPAddress.IsLoopback(address) ? ("localhost", "localhost") : ("unknown", "unknown"));
}

/// <summary>Collects log lines as "category: text" ("warning: " prefixed like the log sink does).</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void Dispose()
    {
    }

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    private sealed class ListLogger(ListLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Lines.Enqueue($"{category}: {(logLevel == LogLevel.Warning ? "warning: " : string.Empty)}{formatter(state, exception)}");
    }
}
