using System.Globalization;

namespace Estafeta.Delivery.Smtp;

/// <summary>What a server announced in its EHLO reply (nothing for HELO).</summary>
internal sealed record EhloCapabilities
{
    public static EhloCapabilities None { get; } = new();

    public bool Pipelining { get; init; }

    /// <summary>SIZE's limit; 0 when SIZE came without a number or not at all (no limit known).</summary>
    public long SizeLimit { get; init; }

    public bool Size { get; init; }

    public bool EightBitMime { get; init; }

    public bool SmtpUtf8 { get; init; }

    public bool Dsn { get; init; }

    public bool StartTls { get; init; }

    /// <summary>AUTH mechanisms, upper case.</summary>
    public IReadOnlySet<string> AuthMechanisms { get; init; } = new HashSet<string>();

    /// <summary>Parses the lines after the first (the first is the server's greeting name).</summary>
    public static EhloCapabilities Parse(SmtpClientReply reply)
    {
        var result = new EhloCapabilities();
        var mechanisms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in reply.Bodies.Skip(1))
        {
            var words = body.Split([' ', '='], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            switch (words[0].ToUpperInvariant())
            {
                case "PIPELINING":
                    result = result with { Pipelining = true };
                    break;
                case "SIZE":
                    var limit = words.Length > 1 && long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                    result = result with { Size = true, SizeLimit = limit };
                    break;
                case "8BITMIME":
                    result = result with { EightBitMime = true };
                    break;
                case "SMTPUTF8":
                    result = result with { SmtpUtf8 = true };
                    break;
                case "DSN":
                    result = result with { Dsn = true };
                    break;
                case "STARTTLS":
                    result = result with { StartTls = true };
                    break;
                case "AUTH":
                    foreach (var mechanism in words.Skip(1))
                    {
                        mechanisms.Add(mechanism.ToUpperInvariant());
                    }

                    break;
            }
        }

        return result with { AuthMechanisms = mechanisms };
    }
}
