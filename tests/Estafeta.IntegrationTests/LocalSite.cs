using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// A running Estafeta configured as a small site: myhostname mail.test, mydestination "$myhostname, localhost",
/// aliases in the test's folder, mailboxes in its mail/ folder, and `sendmail` (a link to the estafeta executable)
/// that bsd-mailx is told to use through MAILRC. The test's folder is opened (0755) so the users it creates can reach
/// the configuration and the executable, as on a real machine.
/// </summary>
internal sealed class LocalSite : IDisposable
{
    private LocalSite(HostTestDirectory directory, EstafetaProcess daemon)
    {
        Directory = directory;
        Daemon = daemon;
    }

    public HostTestDirectory Directory { get; }

    public EstafetaProcess Daemon { get; }

    public string AliasesPath => Path.Combine(Directory.Root, "aliases");

    public string SendmailPath => Path.Combine(Directory.Root, "bin", "sendmail");

    /// <summary>What bsd-mailx needs to find our sendmail and our sendmail its configuration.</summary>
    public IReadOnlyDictionary<string, string> SendmailEnvironment => new Dictionary<string, string>
    {
        ["MAILRC"] = Path.Combine(Directory.Root, "mailrc"),
        ["MAIL_CONFIG"] = Directory.Config,
    };

    public static async Task<LocalSite> StartAsync(string extraMainCf = "")
    {
        var directory = new HostTestDirectory();
        try
        {
            File.SetUnixFileMode(directory.Root, (UnixFileMode)0b111_101_101);
            System.IO.Directory.CreateDirectory(Path.Combine(directory.Root, "bin"));
            File.CreateSymbolicLink(Path.Combine(directory.Root, "bin", "sendmail"), Path.Combine(AppContext.BaseDirectory, "estafeta-sendmail"));
            File.WriteAllText(Path.Combine(directory.Root, "mailrc"), $"set sendmail={Path.Combine(directory.Root, "bin", "sendmail")}\n");
            File.WriteAllText(Path.Combine(directory.Root, "aliases"), "postmaster: root\n");
            directory.WriteConfig(
                HostTestDirectory.FreePort(),
                "myhostname = mail.test\n"
                + "mydestination = $myhostname, localhost\n"
                + $"alias_maps = hash:{directory.Root}/aliases\n"
                + $"alias_database = hash:{directory.Root}/aliases\n"
                + extraMainCf);
            File.AppendAllText(directory.MasterCf, Estafeta.Config.ConfigurationLoader.EmbeddedDeliveryServices);
            var daemon = await EstafetaProcess.StartWithConfigAsync(directory.Config, directory.State);
            return new LocalSite(directory, daemon);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public TestUser CreateUser() => TestUser.Create(Path.Combine(Directory.Root, "home"));

    public void WriteAliases(string text) => File.WriteAllText(AliasesPath, text);

    public string MailboxOf(string user) => Path.Combine(Directory.Root, "mail", user);

    public void Dispose()
    {
        try
        {
            Daemon.Signal(EstafetaProcess.SIGTERM);
            Daemon.WaitForExitAsync(EstafetaProcess.DefaultTimeout).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Already gone (a test that killed it) or stuck: Dispose below kills it by pid.
        }

        Daemon.Dispose();
        Directory.Dispose();
    }
}
