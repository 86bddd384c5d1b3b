// An address prefix as Postfix writes it in cidr: tables and mynetworks.
// Trusts: nothing. Must never: accept a prefix with host bits set (Postfix refuses those too,
// because "10.1.2.3/8" usually means the writer got the network wrong).
using System.Net;
using System.Net.Sockets;

namespace Estafeta.Tables;

/// <summary>"192.168.1.0/24", "[::1]/128", "[::ffff:127.0.0.0]/104", "2001:db8::/32", or a bare address.</summary>
public sealed class NetworkPrefix
{
    private readonly byte[] _network;

    private NetworkPrefix(IPAddress network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
        _network = network.GetAddressBytes();
    }

    public IPAddress Network { get; }

    public int PrefixLength { get; }

    public static bool TryParse(string text, out NetworkPrefix? prefix, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        prefix = null;
        error = null;
        var addressText = text;
        var lengthText = default(string);
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            addressText = text[..slash];
            lengthText = text[(slash + 1)..];
        }

        if (addressText.Length >= 2 && addressText[0] == '[' && addressText[^1] == ']')
        {
            addressText = addressText[1..^1];
        }

        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            error = $"bad address pattern: \"{text}\"";
            return false;
        }

        var maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = maxLength;
        if (lengthText is not null
            && (!int.TryParse(lengthText, System.Globalization.NumberStyles.None, null, out length) || length > maxLength))
        {
            error = $"bad net/mask pattern: \"{text}\"";
            return false;
        }

        var candidate = new NetworkPrefix(address, length);
        if (HasHostBits(address.GetAddressBytes(), length))
        {
            error = $"non-null host address bits in \"{text}\"";
            return false;
        }

        prefix = candidate;
        return true;
    }

    public static NetworkPrefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix! : throw new FormatException(error);

    /// <summary>True when <paramref name="address"/> is inside; IPv4 and IPv4-mapped IPv6 count as the same address.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != Network.AddressFamily)
        {
            if (Network.AddressFamily == AddressFamily.InterNetwork && address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            else if (Network.AddressFamily == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
            {
                address = address.MapToIPv6();
            }
            else
            {
                return false;
            }
        }

        return Matches(address.GetAddressBytes());
    }

    /// <summary>Whether <paramref name="address"/> is of this prefix's family (IPv4-mapped IPv6 counts as IPv4).</summary>
    public bool IsSameFamily(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var family = address.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : address.AddressFamily;
        return family == Network.AddressFamily || (Network.AddressFamily == AddressFamily.InterNetworkV6 && Network.IsIPv4MappedToIPv6);
    }

    public override string ToString() =>
        Network.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Network}]/{PrefixLength}" : $"{Network}/{PrefixLength}";

    private bool Matches(byte[] bytes)
    {
        var bits = PrefixLength;
        for (var i = 0; i < _network.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((bytes[i] & mask) != (_network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasHostBits(byte[] bytes, int prefixLength)
    {
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
