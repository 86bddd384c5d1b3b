using System.Net;

namespace Estafeta.Config;

/// <summary>
/// The only place that computes machine-dependent defaults (myhostname, mydomain), the way Postfix's
/// check_myhostname/check_mydomain do: a host name without a dot gets ".$mydomain" (or ".localdomain").
/// </summary>
internal static class MachineIdentity
{
    public const string DefaultDomain = "localdomain";

    private static readonly Lazy<string> SystemHostName = new(ReadSystemHostName);

    /// <summary>The machine's host name as the system reports it (may have no dot).</summary>
    public static string HostName => SystemHostName.Value;

    /// <summary>Postfix's myhostname default: the host name, completed with a domain when it has no dot.</summary>
    public static string DefaultMyHostname(string? configuredDomain)
    {
        var name = HostName;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return name;
        }

        var domain = string.IsNullOrEmpty(configuredDomain) ? DefaultDomain : configuredDomain;
        return name + "." + domain;
    }

    /// <summary>Postfix's mydomain default: myhostname minus its first label, or "localdomain".</summary>
    public static string DefaultMyDomain(string myHostname)
    {
        var dot = myHostname.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 || dot == myHostname.Length - 1 ? DefaultDomain : myHostname[(dot + 1)..];
    }

    private static string ReadSystemHostName()
    {
        try
        {
            var name = Dns.GetHostName().Trim().TrimEnd('.');
            return name.Length == 0 ? "localhost" : name.ToLowerInvariant();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}
