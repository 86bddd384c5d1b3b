namespace Estafeta.Config;

/// <summary>
/// master.cf: the services, with their -o overrides. Trusts nothing in the file; every error names file and
/// line. Never starts anything: the host decides what to do with the services.
/// </summary>
public sealed class MasterConfig
{
    private readonly MasterService[] _services;

    internal MasterConfig(IEnumerable<MasterService> services) => _services = [.. services];

    public IReadOnlyList<MasterService> Services => _services;

    public IEnumerable<MasterService> InetServices => _services.Where(s => s.IsInet);

    /// <exception cref="ConfigException">The file is missing, unreadable or wrong.</exception>
    public static MasterConfig Load(string path)
    {
        return Parse(LogicalLines.ReadFile(path), path);
    }

    /// <exception cref="ConfigException">An entry is wrong.</exception>
    public static MasterConfig Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return new MasterConfig(MasterCfReader.Read(text, sourceName));
    }
}
