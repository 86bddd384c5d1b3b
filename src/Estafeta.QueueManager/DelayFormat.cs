using System.Globalization;
using System.Text;

namespace Estafeta.QueueManager;

/// <summary>Postfix's format_tv(): large delays rounded to whole seconds, small ones with two significant
/// digits and at most <c>maxDigits</c> decimals (delay_logging_resolution_limit), trailing zeros dropped:
/// 0.02, 0.1, 1.2, 12, 4000.</summary>
internal static class DelayFormat
{
    private const int Million = 1_000_000;
    private const int SignificantDigits = 2;
    private static readonly int[] PowersOfTen = [1, 10, 100, 1000, 10000, 100000, 1000000];

    public static string Format(TimeSpan delay, int maxDigits = 2)
    {
        maxDigits = Math.Clamp(maxDigits, 0, 6);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        var totalMicros = delay.Ticks / 10;
        var seconds = totalMicros / Million;
        var micros = (int)(totalMicros % Million);
        var resolution = Million / PowersOfTen[maxDigits];
        var width = PowersOfTen[SignificantDigits];
        if (resolution < Million)
        {
            if (seconds > 0)
            {
                var n = 1;
                while (seconds >= n && n <= width / 10)
                {
                    n *= 10;
                }

                resolution = Million / width * n;
            }
            else
            {
                while (micros >= width * resolution)
                {
                    resolution *= 10;
                }
            }
        }

        if (resolution > 1)
        {
            micros += resolution / 2;
            if (micros >= Million)
            {
                seconds++;
                micros -= Million;
            }
        }

        var text = new StringBuilder(seconds.ToString(CultureInfo.InvariantCulture));
        if (micros >= resolution)
        {
            text.Append('.');
            var remainder = micros;
            for (var n = Million / 10; remainder >= resolution && n > 0; n /= 10)
            {
                text.Append((char)('0' + (remainder / n)));
                remainder %= n;
            }
        }

        return text.ToString();
    }
}
