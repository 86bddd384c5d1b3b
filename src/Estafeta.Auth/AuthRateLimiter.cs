// Postfix anvil's AUTH rate: AUTH commands per client address per anvil_rate_time_unit.
// Trusts: the address it is given (the kernel's). Must never: grow without bound (idle entries are
// dropped once their window is over).
using System.Net;

namespace Estafeta.Auth;

/// <summary>Counts AUTH commands per client address in fixed windows; limit 0 means no limit.</summary>
public sealed class AuthRateLimiter(int limit, TimeSpan unit, TimeProvider time)
{
    private const int PruneThreshold = 10_000;
    private readonly Dictionary<IPAddress, Window> _windows = [];
    private readonly Lock _gate = new();

    /// <summary>Counts one AUTH; false when this client is over the limit for the current window.</summary>
    public bool TryCount(IPAddress address, out int count)
    {
        ArgumentNullException.ThrowIfNull(address);
        count = 0;
        if (limit <= 0)
        {
            return true;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.Count > PruneThreshold)
            {
                foreach (var stale in _windows.Where(pair => now - pair.Value.Start >= unit).Select(pair => pair.Key).ToList())
                {
                    _windows.Remove(stale);
                }
            }

            if (!_windows.TryGetValue(address, out var window) || now - window.Start >= unit)
            {
                window = new Window(now, 0);
            }

            window = window with { Count = window.Count + 1 };
            _windows[address] = window;
            count = window.Count;
            return window.Count <= limit;
        }
    }

    private readonly record struct Window(DateTimeOffset Start, int Count);
}
