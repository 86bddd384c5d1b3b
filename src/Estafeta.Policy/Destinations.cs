// Which domains are ours (mydestination, our address literals) and which we relay for (relay_domains).
// Trusts: the configuration and the kernel's interface list. Must never: call a literal local
// unless it is one of our own addresses (user@[10.0.0.1] for a foreign host is a relay attempt).
using System.Net;
using Estafeta.Core.Addresses;

namespace Estafeta.Policy;

internal sealed class Destinations
{
    private readonly DomainMatchList _myDestination;
    private readonly DomainMatchList _relayDomains;
    private readonly Lazy<IReadOnlyList<IPAddress>> _ourAddresses;

    public Destinations(PolicySettings settings)
    {
        _myDestination = new DomainMatchList(settings.MyDestination ?? [settings.MyHostname, "localhost"], parentMatchesSubdomains: false);
        _relayDomains = new DomainMatchList(settings.RelayDomains, parentMatchesSubdomains: true);
        _ourAddresses = new Lazy<IReadOnlyList<IPAddress>>(() => OurAddresses(settings));
    }

    public bool IsLocal(string domain)
    {
        if (domain.StartsWith('['))
        {
            return SmtpDomain.TryParse(domain, allowUtf8: false, out _, out var literal) && literal is not null && IsOurAddress(literal);
        }

        return _myDestination.Matches(domain);
    }

    public bool IsRelay(string domain) => !domain.StartsWith('[') && _relayDomains.Matches(domain);

    private bool IsOurAddress(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _ourAddresses.Value.Any(ours => ours.Equals(plain));
    }

    private static List<IPAddress> OurAddresses(PolicySettings settings)
    {
        var addresses = new List<IPAddress>();
        foreach (var item in settings.InetInterfaces.Concat(settings.ProxyInterfaces)
            .SelectMany(value => value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)))
        {
            switch (item.ToLowerInvariant())
            {
                case "all":
                    addresses.AddRange(InterfaceAddresses.All().Select(info => new IPAddress(info.Address.GetAddressBytes())));
                    break;
                case "loopback-only" or "localhost":
                    addresses.Add(IPAddress.Loopback);
                    addresses.Add(IPAddress.IPv6Loopback);
                    break;
                default:
                    if (IPAddress.TryParse(item.Trim('[', ']'), out var address))
                    {
                        addresses.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
                    }

                    break;
            }
        }

        return addresses;
    }
}
