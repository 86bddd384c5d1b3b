using System.Collections.Concurrent;

namespace Estafeta.QueueManager;

/// <summary>
/// Postfix's dead-site throttle: after a delivery to (transport, nexthop) failed at connection level
/// (dsn 4.4.x), other messages for it within the hold time are deferred at once with the same reason
/// ("delivery temporarily suspended: ...") instead of hammering a destination that is down.
/// </summary>
internal sealed class DeadDestinations(TimeProvider time, TimeSpan holdTime)
{
    private readonly ConcurrentDictionary<(string Transport, string Nexthop), (string Dsn, string Reason, DateTimeOffset Until)> _dead = new();

    public void MarkDead(string transport, string nexthop, string dsn, string reason) =>
        _dead[(transport, nexthop)] = (dsn, reason, time.GetUtcNow() + holdTime);

    public void MarkAlive(string transport, string nexthop) => _dead.TryRemove((transport, nexthop), out _);

    public bool IsDead(string transport, string nexthop, out string dsn, out string reason)
    {
        if (_dead.TryGetValue((transport, nexthop), out var entry))
        {
            if (entry.Until > time.GetUtcNow())
            {
                (dsn, reason) = (entry.Dsn, entry.Reason);
                return true;
            }

            _dead.TryRemove(new KeyValuePair<(string, string), (string, string, DateTimeOffset)>((transport, nexthop), entry));
        }

        (dsn, reason) = (string.Empty, string.Empty);
        return false;
    }
}
