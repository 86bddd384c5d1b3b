using System.Globalization;

namespace Estafeta.Queue;

/// <summary>
/// Postfix-style short queue ids: 12 upper-case hex digits = the time in 1/65536 s units (32 bits
/// of seconds, 16 bits of fraction), bumped by one whenever the clock has not moved past the last
/// id. So ids sort by arrival, never repeat within a process (the state is process-wide, shared by
/// every QueueStore), and a restart starts from the clock, which has moved on. Another process
/// writing the same queue at the same instant is caught by O_EXCL on the file name.
/// </summary>
internal sealed class QueueIdGenerator(TimeProvider timeProvider)
{
    public const int Length = 12;

    private static long _lastValue;

    public string Next()
    {
        var sinceEpoch = timeProvider.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks;
        var now = (sinceEpoch / TimeSpan.TicksPerSecond * 65536) + (sinceEpoch % TimeSpan.TicksPerSecond * 65536 / TimeSpan.TicksPerSecond);
        long candidate;
        long last;
        do
        {
            last = Interlocked.Read(ref _lastValue);
            candidate = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastValue, candidate, last) != last);

        return (candidate & 0xFFFF_FFFF_FFFF).ToString("X12", CultureInfo.InvariantCulture);
    }

    /// <summary>True for a string that could be one of our ids (used before a name becomes a path).</summary>
    public static bool IsWellFormed(string id)
    {
        if (id.Length is < 10 or > 12)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'A' and <= 'F')))
            {
                return false;
            }
        }

        return true;
    }
}
