using System.Globalization;
using Estafeta.Config;

namespace Estafeta.Host;

/// <summary>
/// Where the configuration comes from, remembered so that a reload (SIGHUP) reads the same place
/// with the same command-line overrides: CONFDIR/main.cf + master.cf, or the embedded default.
/// </summary>
internal sealed class ConfigurationSource
{
    public const string EmbeddedListenHost = "127.0.0.1";
    public const int EmbeddedListenPort = 2525;

    private ConfigurationSource(
        string? configDirectory,
        string stateDirectory,
        string listenHost,
        int listenPort,
        IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        ConfigDirectory = configDirectory;
        StateDirectory = stateDirectory;
        ListenHost = listenHost;
        ListenPort = listenPort;
        Overrides = overrides;
    }

    public string? ConfigDirectory { get; }

    /// <summary>The state folder of the embedded default (unused with a CONFDIR).</summary>
    public string StateDirectory { get; }

    public string ListenHost { get; }

    public int ListenPort { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; }

    /// <summary>What "configuration X" says in the master's log lines.</summary>
    public string Description => ConfigDirectory ?? "(embedded default, state " + StateDirectory + ")";

    /// <exception cref="UsageException">A malformed -o or --listen, or --listen together with -c.</exception>
    public static ConfigurationSource FromCommandLine(string? configDirectory, IReadOnlyList<string> overrides, string? listen)
    {
        var pairs = new List<KeyValuePair<string, string>>(overrides.Count);
        foreach (var item in overrides)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"-o {item}: expected name=value");
            }

            pairs.Add(new(item[..equals].Trim(), item[(equals + 1)..].Trim()));
        }

        var host = EmbeddedListenHost;
        var port = EmbeddedListenPort;
        if (listen is not null)
        {
            if (configDirectory is not null)
            {
                throw new UsageException("--listen works only with the embedded default; with -c, set the address in master.cf");
            }

            (host, port) = ParseListen(listen);
        }

        return new ConfigurationSource(
            configDirectory is null ? null : Path.GetFullPath(configDirectory),
            global::Estafeta.Config.StateDirectory.Resolve(),
            host,
            port,
            pairs);
    }

    /// <exception cref="ConfigException">main.cf or master.cf is wrong.</exception>
    public LoadedConfiguration Load()
    {
        var loaded = ConfigDirectory is null
            ? ConfigurationLoader.Embedded(StateDirectory, ListenHost, ListenPort == 0 ? EmbeddedListenPort : ListenPort)
            : ConfigurationLoader.Load(ConfigDirectory);
        return Overrides.Count == 0
            ? loaded
            : loaded with { Main = loaded.Main.WithOverrides(Overrides, "command line") };
    }

    /// <summary>
    /// The inet services to listen for. master.cf (and so the embedded default) cannot name port 0, so
    /// `--listen HOST:0` (any free port, for tests and trials) is applied here, on the embedded service.
    /// </summary>
    public IEnumerable<MasterService> InetServices(LoadedConfiguration loaded) =>
        ConfigDirectory is null && ListenPort == 0
            ? loaded.Master.InetServices.Select(service => service with { Port = 0 })
            : loaded.Master.InetServices;

    /// <summary>"127.0.0.1:2525", "[::1]:2525", "localhost:0" (0 = any free port).</summary>
    internal static (string Host, int Port) ParseListen(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new UsageException($"--listen {text}: expected HOST:PORT");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw new UsageException($"--listen {text}: write an IPv6 address in brackets, e.g. [::1]:2525");
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UsageException($"--listen {text}: the port must be a number from 0 to 65535");
        }

        return (host, port);
    }
}
