using System.Collections.Concurrent;

namespace Estafeta.QueueManager;

/// <summary>Per-transport (default_process_limit) and per-destination (…_destination_concurrency_limit)
/// slots. Always taken destination first, then transport, so two requests can never wait on each other.</summary>
internal sealed class ConcurrencyLimits(QueueManagerSettings settings)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _transports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), SemaphoreSlim> _destinations = new();

    public async Task<IDisposable> AcquireAsync(string transport, string nexthop, CancellationToken cancellationToken)
    {
        var destination = _destinations.GetOrAdd((transport, nexthop), _ => new SemaphoreSlim(DestinationLimit(transport)));
        var process = _transports.GetOrAdd(transport, _ => new SemaphoreSlim(Math.Max(1, settings.DefaultProcessLimit)));
        await destination.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await process.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            destination.Release();
            throw;
        }

        return new Slots(destination, process);
    }

    public int RecipientLimit(string transport) =>
        Math.Max(1, settings.DestinationRecipientLimits.TryGetValue(transport, out var limit) ? limit : settings.DefaultDestinationRecipientLimit);

    private int DestinationLimit(string transport) =>
        Math.Max(1, settings.DestinationConcurrencyLimits.TryGetValue(transport, out var limit) ? limit : settings.DefaultDestinationConcurrencyLimit);

    private sealed class Slots(SemaphoreSlim destination, SemaphoreSlim process) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                process.Release();
                destination.Release();
            }
        }
    }
}
