namespace Estafeta.Config;

/// <summary>
/// Finds and loads the configuration: CONFDIR/main.cf and CONFDIR/master.cf, or the embedded default that
/// needs no root and no files. Trusts the directory it is given; never writes anything.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>
    /// The master.cf lines that make the embedded default deliver mail, as Debian's stock master.cf names them:
    /// a master.cf without a qmgr service accepts and queues mail but delivers nothing (Postfix behaves the same).
    /// </summary>
    public const string EmbeddedDeliveryServices =
        "pickup unix n - n 60 1 pickup\n"
        + "cleanup unix n - n - 0 cleanup\n"
        + "qmgr unix n - n 300 1 qmgr\n"
        + "bounce unix - - n - 0 bounce\n"
        + "smtp unix - - n - - smtp\n"
        + "relay unix - - n - - smtp\n"
        + "error unix - - n - - error\n"
        + "retry unix - - n - - error\n"
        + "discard unix - - n - - discard\n"
        + "local unix - n n - - local\n";

    private const string DefaultConfigDirectory = "/etc/postfix";

    /// <summary>The master.cf used when CONFDIR has none: Postfix's stock smtp service.</summary>
    private const string DefaultMasterCf = "smtp      inet  n       -       y       -       -       smtpd\n";

    /// <exception cref="ConfigException">main.cf is missing, or either file is wrong.</exception>
    public static LoadedConfiguration Load(string configDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        var main = MainConfig.Load(Path.Combine(configDirectory, "main.cf"));

        // Like postconf -c DIR: a non-default directory becomes the value of config_directory.
        if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(configDirectory)) != DefaultConfigDirectory)
        {
            main = main.WithOverrides([new("config_directory", configDirectory)], "command line -c");
        }

        var masterPath = Path.Combine(configDirectory, "master.cf");
        var master = File.Exists(masterPath)
            ? MasterConfig.Load(masterPath)
            : MasterConfig.Parse(DefaultMasterCf, "built-in master.cf");
        return new LoadedConfiguration(main, master, configDirectory);
    }

    /// <summary>
    /// A main.cf equivalent built in code: state under <paramref name="stateDirectory"/>, loopback only,
    /// no /etc/aliases, and one smtpd listening on <paramref name="listenHost"/>:<paramref name="listenPort"/>.
    /// </summary>
    public static LoadedConfiguration Embedded(string stateDirectory, string listenHost = "127.0.0.1", int listenPort = 2525)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentException.ThrowIfNullOrEmpty(listenHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listenPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(listenPort, 65535);

        const string source = "embedded default";
        var main = MainConfig.Empty.WithOverrides(
            [
                new("queue_directory", Path.Combine(stateDirectory, "queue")),
                new("data_directory", Path.Combine(stateDirectory, "data")),
                new("mail_spool_directory", Path.Combine(stateDirectory, "mail")),
                new("maillog_file", Path.Combine(stateDirectory, "log", "mail.log")),
                new("mydestination", "$myhostname, localhost.$mydomain, localhost"),
                new("mynetworks_style", "host"),
                new("alias_maps", string.Empty),
                new("inet_interfaces", "loopback-only"),
            ],
            source);

        var host = listenHost.Contains(':', StringComparison.Ordinal) && !listenHost.StartsWith('[') ? $"[{listenHost}]" : listenHost;
        var master = MasterConfig.Parse($"{host}:{listenPort} inet n - n - - smtpd\n" + EmbeddedDeliveryServices, source);
        return new LoadedConfiguration(main, master, null);
    }
}
