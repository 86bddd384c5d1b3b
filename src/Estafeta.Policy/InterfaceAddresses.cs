// The machine's own addresses, for inet_interfaces = all and mynetworks_style.
// Trusts: the kernel's interface list. Must never: throw when the list cannot be read (no interfaces is an answer).
using System.Net;
using System.Net.NetworkInformation;
using Estafeta.Tables;

namespace Estafeta.Policy;

internal static class InterfaceAddresses
{
    public static IReadOnlyList<UnicastIPAddressInformation> All()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .Where(nic => nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    /// <summary>The prefixes mynetworks_style gives: host → each address; subnet → its subnet; class → its class A/B/C net.</summary>
    public static IEnumerable<NetworkPrefix> StylePrefixes(string style)
    {
        foreach (var info in All())
        {
            var address = info.Address;
            if (address.IsIPv6LinkLocal && address.ScopeId != 0)
            {
                address = new IPAddress(address.GetAddressBytes());
            }

            var full = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
            var length = style.ToLowerInvariant() switch
            {
                "subnet" => info.PrefixLength,
                "class" when full == 32 => ClassLength(address),
                "class" => info.PrefixLength,
                _ => full,
            };
            yield return Mask(address, length);
        }
    }

    private static int ClassLength(IPAddress address)
    {
        var first = address.GetAddressBytes()[0];
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    private static NetworkPrefix Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        var network = new IPAddress(bytes);
        return NetworkPrefix.Parse(network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{network}]/{length}" : $"{network}/{length}");
    }
}
