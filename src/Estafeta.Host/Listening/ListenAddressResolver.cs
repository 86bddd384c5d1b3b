using System.Net;
using System.Net.Sockets;
using Estafeta.Config;

namespace Estafeta.Host.Listening;

/// <summary>
/// Which addresses an inet service of master.cf binds: its own host when master.cf names one,
/// else every address of inet_interfaces ("all" → 0.0.0.0 and [::] per inet_protocols,
/// "loopback-only" → 127.0.0.1 and ::1, or the listed addresses), as Postfix's master does.
/// </summary>
internal static class ListenAddressResolver
{
    /// <exception cref="ListenerException">A host name that does not resolve.</exception>
    public static IReadOnlyList<IPEndPoint> Resolve(MasterService service, MainConfig config)
    {
        var protocols = Protocols(config);
        var endpoints = new List<IPEndPoint>();
        if (service.Host is { } host)
        {
            AddHost(endpoints, service, host, protocols);
        }
        else
        {
            foreach (var item in config.GetList("inet_interfaces"))
            {
                switch (item.ToLowerInvariant())
                {
                    case "all":
                        AddIf(endpoints, protocols, IPAddress.Any, service.Port);
                        AddIf(endpoints, protocols, IPAddress.IPv6Any, service.Port);
                        break;
                    case "loopback-only":
                        AddIf(endpoints, protocols, IPAddress.Loopback, service.Port);
                        AddIf(endpoints, protocols, IPAddress.IPv6Loopback, service.Port);
                        break;
                    default:
                        AddHost(endpoints, service, item, protocols);
                        break;
                }
            }
        }

        return endpoints.Distinct().ToList();
    }

    /// <summary>"[::1]:25" or "127.0.0.1:25", as people write them.</summary>
    public static string Describe(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? "[" + endpoint.Address + "]:" + endpoint.Port
            : endpoint.Address + ":" + endpoint.Port;

    private static void AddHost(List<IPEndPoint> endpoints, MasterService service, string host, ProtocolSet protocols)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            // An address written out by the administrator is bound whatever inet_protocols says.
            endpoints.Add(new IPEndPoint(address, service.Port));
            return;
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(literal);
        }
        catch (SocketException e)
        {
            throw new ListenerException($"{service.SourceFile}, line {service.Line}: host {literal}: {e.Message}");
        }

        foreach (var resolved in addresses)
        {
            AddIf(endpoints, protocols, resolved, service.Port);
        }
    }

    private static void AddIf(List<IPEndPoint> endpoints, ProtocolSet protocols, IPAddress address, int port)
    {
        var wanted = address.AddressFamily == AddressFamily.InterNetworkV6 ? protocols.IPv6 : protocols.IPv4;
        if (wanted)
        {
            endpoints.Add(new IPEndPoint(address, port));
        }
    }

    private static ProtocolSet Protocols(MainConfig config)
    {
        bool v4 = false, v6 = false;
        foreach (var item in config.GetList("inet_protocols"))
        {
            switch (item.ToLowerInvariant())
            {
                case "all":
                    v4 = true;
                    v6 = true;
                    break;
                case "ipv4":
                    v4 = true;
                    break;
                case "ipv6":
                    v6 = true;
                    break;
            }
        }

        // A machine without IPv6 (some containers) cannot bind [::]; Postfix warns and goes on with IPv4.
        return new ProtocolSet(v4 || !v6, v6 && Socket.OSSupportsIPv6);
    }

    private readonly record struct ProtocolSet(bool IPv4, bool IPv6);
}
