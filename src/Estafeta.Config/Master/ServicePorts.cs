using System.Globalization;

namespace Estafeta.Config;

/// <summary>
/// TCP port of an inet service name, the way Postfix finds it: a number, or a name from /etc/services,
/// falling back to the three mail ports when that file lacks them.
/// </summary>
internal static class ServicePorts
{
    private const string ServicesFile = "/etc/services";

    private static readonly Lazy<Dictionary<string, int>> FromServicesFile = new(() => ReadServicesFile(ServicesFile));

    private static readonly Dictionary<string, int> Fallback = new(StringComparer.Ordinal)
    {
        ["smtp"] = 25,
        ["submission"] = 587,
        ["submissions"] = 465,
        ["smtps"] = 465,
    };

    public static bool TryResolve(string service, out int port)
    {
        if (int.TryParse(service, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            // Port 0 (an Estafeta extension) binds any free port; the startup line says which.
            return port is >= 0 and <= 65535;
        }

        return FromServicesFile.Value.TryGetValue(service, out port) || Fallback.TryGetValue(service, out port);
    }

    /// <summary>Name and aliases → port, for tcp entries of an /etc/services-format file.</summary>
    internal static Dictionary<string, int> ReadServicesFile(string path)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ports;
        }

        foreach (var line in lines)
        {
            var content = line.Split('#', 2)[0];
            var fields = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            var portAndProtocol = fields[1].Split('/');
            if (portAndProtocol.Length != 2 || portAndProtocol[1] != "tcp"
                || !int.TryParse(portAndProtocol[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                continue;
            }

            foreach (var name in fields.Where((_, i) => i != 1))
            {
                ports.TryAdd(name, port);
            }
        }

        return ports;
    }
}
