// Client name lookup through the system resolver (getnameinfo/getaddrinfo, so /etc/hosts counts).
// Trusts: the system resolver's answers only as far as forward and reverse agree.
// Must never: return a name that does not map back to the address, or throw.
using System.Net;
using Estafeta.Core;

namespace Estafeta.Smtpd;

public sealed class SystemClientNameResolver : IClientNameResolver
{
    public async ValueTask<(string Name, string ReverseName)> ResolveAsync(IPAddress address, CancellationToken ct)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        string reverse;
        IPAddress[] forward;
        try
        {
            // For an address, GetHostEntry is getnameinfo and then getaddrinfo of the name it found: the entry's
            // addresses are already the forward lookup that confirms the name (a second lookup would repeat it).
            var entry = await Dns.GetHostEntryAsync(plain.ToString(), ct);
            reverse = entry.HostName.TrimEnd('.').ToLowerInvariant();
            forward = entry.AddressList;
            if (reverse.Length == 0 || IPAddress.TryParse(reverse, out _))
            {
                return (ClientInfo.UnknownName, ClientInfo.UnknownName);
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or ArgumentException)
        {
            return (ClientInfo.UnknownName, ClientInfo.UnknownName);
        }

        if (forward.Length == 0)
        {
            try
            {
                forward = await Dns.GetHostAddressesAsync(reverse, ct);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or ArgumentException)
            {
                // Not confirmed.
            }
        }

        return forward.Any(candidate => (candidate.IsIPv4MappedToIPv6 ? candidate.MapToIPv4() : candidate).Equals(plain))
            ? (reverse, reverse)
            : (ClientInfo.UnknownName, reverse);
    }
}
