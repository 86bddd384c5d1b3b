using System.Net;
using System.Net.NetworkInformation;

namespace Estafeta.Delivery.Smtp;

/// <summary>Postfix's smtp_find_self: an MX that is this server (one of our listening endpoints) must not get the mail.</summary>
internal sealed class SelfAddresses(IReadOnlyList<IPEndPoint> ownEndpoints)
{
    private readonly Lazy<HashSet<IPAddress>> _machineAddresses = new(ReadMachineAddresses);

    /// <summary>Drops this server and every MX not better than it. When nothing is left: "mail for D loops back to
    /// myself" (5.4.6) if we are the best MX, else "unable to find primary relay for D" (4.4.4).</summary>
    public (IReadOnlyList<SmtpServerAddress> Servers, SmtpFailure? Failure) Exclude(IReadOnlyList<SmtpServerAddress> servers, string destination)
    {
        var self = servers.FirstOrDefault(IsSelf);
        if (self is null)
        {
            return (servers, null);
        }

        var kept = servers.Where(s => s.Preference < self.Preference).ToList();
        if (kept.Count > 0)
        {
            return (kept, null);
        }

        return servers[0].Preference == self.Preference
            ? ([], new SmtpFailure(true, "5.4.6", $"mail for {destination} loops back to myself"))
            : ([], new SmtpFailure(false, "4.4.4", $"unable to find primary relay for {destination}"));
    }

    private bool IsSelf(SmtpServerAddress server) => ownEndpoints.Any(own =>
        own.Port == server.Port
        && (own.Address.Equals(Normalize(server.Address))
            || ((own.Address.Equals(IPAddress.Any) || own.Address.Equals(IPAddress.IPv6Any)) && (IPAddress.IsLoopback(server.Address) || _machineAddresses.Value.Contains(Normalize(server.Address))))));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static HashSet<IPAddress> ReadMachineAddresses()
    {
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    addresses.Add(unicast.Address);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Loopback alone still catches the common mistake (an MX pointing at 127.0.0.1).
        }

        return addresses;
    }
}
