namespace Estafeta.Config.Tests;

/// <summary>Debian's own files (installed with postfix) must load cleanly: no error and no unknown parameter.</summary>
public sealed class StockFilesTests
{
    [Theory]
    [InlineData("/usr/share/postfix/main.cf.debian")]
    [InlineData("/usr/share/postfix/main.cf.dist")]
    public void Stock_main_cf_loads_without_error_or_unknown_parameter(string path)
    {
        var config = MainConfig.Load(path);

        Assert.Empty(config.Warnings);
        Assert.NotEmpty(config.SetNames);
        foreach (var name in config.SetNames)
        {
            _ = config.Get(name);
        }
    }

    [Fact]
    public void Debian_postinst_main_cf_loads_and_reads_as_postfix_does()
    {
        using var dir = new TempDirectory();
        var mailname = dir.Write("mailname", "example.org\n");
        var text = File.ReadAllText("/usr/share/postfix/main.cf.debian") + $"""

            smtpd_tls_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem
            smtpd_tls_key_file=/etc/ssl/private/ssl-cert-snakeoil.key
            smtpd_tls_security_level=may
            smtp_tls_CApath=/etc/ssl/certs
            smtp_tls_security_level=may
            smtp_tls_session_cache_database = btree:${"{"}data_directory{"}"}/smtp_scache
            smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination
            myhostname = mail.example.org
            alias_maps = hash:/etc/aliases
            alias_database = hash:/etc/aliases
            myorigin = {mailname}
            mydestination = $myhostname, example.org, localhost.example.org, , localhost
            relayhost =
            mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128
            mailbox_size_limit = 0
            recipient_delimiter = +
            inet_interfaces = all
            inet_protocols = all

            """;

        var config = MainConfig.Parse(text, "main.cf");

        Assert.Empty(config.Warnings);
        Assert.Equal("example.org", config.Get("myorigin"));
        Assert.Equal(["mail.example.org", "example.org", "localhost.example.org", "localhost"], config.GetList("mydestination"));
        Assert.Equal("btree:/var/lib/postfix/smtp_scache", config.Get("smtp_tls_session_cache_database"));
        Assert.Equal("mail.example.org ESMTP Estafeta (Debian/GNU)", config.Get("smtpd_banner"));
        Assert.Equal(0, config.GetSize("mailbox_size_limit"));
        Assert.False(config.GetBool("biff"));
        Assert.Equal(["127.0.0.0/8", "[::ffff:127.0.0.0]/104", "[::1]/128"], config.GetList("mynetworks"));
    }

    [Fact]
    public void Every_uncommented_setting_of_the_stock_master_cf_names_a_known_parameter()
    {
        var master = MasterConfig.Load("/etc/postfix/master.cf");
        var main = MainConfig.Empty;

        foreach (var service in master.Services)
        {
            var effective = main.WithOverrides(service.Overrides, service.SourceFile);
            Assert.Empty(effective.Warnings);
        }
    }
}
