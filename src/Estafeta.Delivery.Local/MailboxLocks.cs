using System.Collections.Concurrent;

namespace Estafeta.Delivery.Local;

/// <summary>One gate per mailbox path inside this process. fcntl record locks belong to the process, not the
/// thread (two of our own deliveries would both "hold" it, and closing either fd drops it), so concurrent
/// deliveries to one file are serialised here first, then locked against other programs.</summary>
internal sealed class MailboxLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string path, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
