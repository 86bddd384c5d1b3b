namespace Estafeta.Config.Tests;

public sealed class ConfigurationLoaderTests
{
    [Fact]
    public void Load_reads_main_cf_and_master_cf_from_the_directory()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", "myhostname = mx.example.com\n");
        dir.Write("master.cf", "127.0.0.1:10025 inet n - n - - smtpd -o smtpd_helo_required=yes\npickup unix n - y 60 1 pickup\n");

        var loaded = ConfigurationLoader.Load(dir.Path);

        Assert.Equal(dir.Path, loaded.ConfigDirectory);
        Assert.Equal("mx.example.com", loaded.Main.Get("myhostname"));
        Assert.Equal(dir.Path, loaded.Main.Get("config_directory"));
        var listener = Assert.Single(loaded.Master.InetServices);
        Assert.Equal(("127.0.0.1", 10025), (listener.Host, listener.Port));
        Assert.Equal(2, loaded.Master.Services.Count);
    }

    [Fact]
    public void Without_master_cf_there_is_the_one_smtp_service()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", "biff = no\n");

        var loaded = ConfigurationLoader.Load(dir.Path);

        var smtp = Assert.Single(loaded.Master.Services);
        Assert.Equal(("smtp", "inet", "smtpd", (string?)null, 25), (smtp.Name, smtp.Type, smtp.Command, smtp.Host, smtp.Port));
    }

    [Fact]
    public void Missing_main_cf_is_a_config_exception_naming_it()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<ConfigException>(() => ConfigurationLoader.Load(dir.Path));

        Assert.Equal(Path.Combine(dir.Path, "main.cf"), error.File);
    }

    [Fact]
    public void Bad_master_cf_is_a_config_exception_naming_it()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", "biff = no\n");
        dir.Write("master.cf", "smtp inet n - y\n");

        var error = Assert.Throws<ConfigException>(() => ConfigurationLoader.Load(dir.Path));

        Assert.Equal((Path.Combine(dir.Path, "master.cf"), 1), (error.File, error.Line));
    }

    [Fact]
    public void Embedded_needs_no_files_and_keeps_state_under_the_state_directory()
    {
        using var dir = new TempDirectory();

        var loaded = ConfigurationLoader.Embedded(dir.Path, "127.0.0.1", 2626);

        Assert.Null(loaded.ConfigDirectory);
        var main = loaded.Main;
        Assert.Empty(main.Warnings);
        Assert.Equal(Path.Combine(dir.Path, "queue"), main.Get("queue_directory"));
        Assert.Equal(Path.Combine(dir.Path, "data"), main.Get("data_directory"));
        Assert.Equal(Path.Combine(dir.Path, "mail"), main.Get("mail_spool_directory"));
        Assert.Equal(Path.Combine(dir.Path, "log", "mail.log"), main.Get("maillog_file"));
        Assert.Empty(main.GetList("alias_maps"));
        Assert.Equal(["loopback-only"], main.GetList("inet_interfaces"));
        Assert.Equal("host", main.Get("mynetworks_style"));
        Assert.Equal([main.Get("myhostname"), "localhost." + main.Get("mydomain"), "localhost"], main.GetList("mydestination"));
        Assert.True(main.IsSet("queue_directory"));
        Assert.False(main.IsSet("relayhost"));
        var smtp = Assert.Single(loaded.Master.InetServices);
        Assert.Equal(("127.0.0.1", 2626, "smtpd"), (smtp.Host, smtp.Port, smtp.Command));
        Assert.Equal(
            ["pickup", "cleanup", "qmgr", "bounce", "smtp", "relay", "error", "retry", "discard", "local"],
            loaded.Master.Services.Where(s => !s.IsInet).Select(s => s.Name));
        Assert.False(Directory.EnumerateFileSystemEntries(dir.Path).Any());
    }

    [Fact]
    public void Embedded_on_ipv6_loopback()
    {
        var smtp = Assert.Single(ConfigurationLoader.Embedded("/tmp/unused-state", "::1", 2525).Master.InetServices);

        Assert.Equal(("::1", 2525), (smtp.Host, smtp.Port));
    }

    [Fact]
    public void Overrides_keep_set_names_truthful_and_raw_returns_the_override()
    {
        var main = MainConfig.Parse("relayhost = [a]\nbiff = no\n", "main.cf");

        var changed = main.WithOverrides([new("relayhost", "[b]"), new("smtpd_banner", "$relayhost here"), new("mua_thing", "x")], "-o");

        Assert.Equal(["relayhost", "biff", "smtpd_banner", "mua_thing"], changed.SetNames);
        Assert.Equal("[b]", changed.GetRaw("relayhost"));
        Assert.Equal("[b] here", changed.Get("smtpd_banner"));
        Assert.Equal("[a]", main.GetRaw("relayhost"));
        Assert.Contains(new ConfigWarning("-o", 0, "unknown parameter mua_thing"), changed.Warnings);
        Assert.Empty(main.Warnings);
    }
}
