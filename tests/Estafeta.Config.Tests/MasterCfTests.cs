namespace Estafeta.Config.Tests;

public sealed class MasterCfTests
{
    private const string SystemMasterCf = "/etc/postfix/master.cf";

    [Fact]
    public void Every_service_line_of_the_system_master_cf_is_read()
    {
        var text = File.ReadAllText(SystemMasterCf);
        var expected = text.Split('\n')
            .Select((line, index) => (Line: line, Number: index + 1))
            .Where(l => l.Line.Length > 0 && !char.IsWhiteSpace(l.Line[0]) && l.Line[0] != '#')
            .ToList();

        var master = MasterConfig.Load(SystemMasterCf);

        Assert.Equal(expected.Count, master.Services.Count);
        foreach (var (service, (line, number)) in master.Services.Zip(expected))
        {
            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(number, service.Line);
            Assert.Equal(SystemMasterCf, service.SourceFile);
            Assert.Equal(columns[0], service.Name);
            Assert.Equal(columns[1], service.Type);
            Assert.Equal(columns[2..8], new[] { service.Private, service.Unprivileged, service.Chroot, service.Wakeup, service.MaxProcess, service.Command });
        }
    }

    [Fact]
    public void Stock_debian_master_cf_has_the_smtp_listener_and_the_relay_override()
    {
        var master = MasterConfig.Load(SystemMasterCf);

        var smtp = Assert.Single(master.InetServices);
        Assert.Equal(("smtp", "smtpd", (string?)null, 25), (smtp.Name, smtp.Command, smtp.Host, smtp.Port));
        var relay = master.Services.Single(s => s.Name == "relay");
        Assert.Equal([new("syslog_name", "postfix/$service_name")], relay.Overrides);
        Assert.Empty(relay.Arguments);
        var maildrop = master.Services.Single(s => s.Name == "maildrop");
        Assert.Equal(["flags=DRXhu", "user=vmail", "argv=/usr/bin/maildrop", "-d", "${recipient}"], maildrop.Arguments);
        Assert.Equal("unix-dgram", master.Services.Single(s => s.Name == "postlog").Type);
    }

    [Fact]
    public void Override_forms_including_continuation_lines_and_braces()
    {
        var master = MasterConfig.Parse(
            "# submission for mail clients\n" +
            "submission inet n - y - - smtpd\n" +
            "  -o syslog_name=postfix/submission\n" +
            "  # a comment inside the entry\n" +
            "  -o smtpd_tls_security_level=encrypt -osmtpd_sasl_auth_enable=yes\n" +
            "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n" +
            "  -o\n" +
            "     smtpd_helo_restrictions=\n" +
            "  -v\n" +
            "pickup unix n - y 60 1 pickup\n",
            "master.cf");

        var submission = master.Services[0];
        Assert.Equal(2, submission.Line);
        Assert.Equal(
            [
                new("syslog_name", "postfix/submission"),
                new("smtpd_tls_security_level", "encrypt"),
                new("smtpd_sasl_auth_enable", "yes"),
                new("smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
                new("smtpd_helo_restrictions", string.Empty),
            ],
            submission.Overrides);
        Assert.Equal(["-v"], submission.Arguments);
        Assert.Equal((null, 587), (submission.Host, submission.Port));
        Assert.Equal(10, master.Services[1].Line);
        Assert.False(master.Services[1].IsInet);
    }

    [Theory]
    [InlineData("smtp", null, 25)]
    [InlineData("submission", null, 587)]
    [InlineData("submissions", null, 465)]
    [InlineData("smtps", null, 465)]
    [InlineData("2525", null, 2525)]
    [InlineData("127.0.0.1:submission", "127.0.0.1", 587)]
    [InlineData("127.0.0.1:10025", "127.0.0.1", 10025)]
    [InlineData("[::1]:2525", "::1", 2525)]
    [InlineData("mail.example.com:smtp", "mail.example.com", 25)]
    public void Inet_service_names_give_host_and_port(string name, string? host, int port)
    {
        var service = Assert.Single(MasterConfig.Parse($"{name} inet n - n - - smtpd\n", "master.cf").InetServices);

        Assert.Equal((host, port), (service.Host, service.Port));
    }

    [Theory]
    [InlineData("smtp inet n - y - smtpd", 2, "at least 8 fields")]
    [InlineData("smtp socket n - y - - smtpd", 2, "unknown service type \"socket\"")]
    [InlineData("nosuchservicename inet n - y - - smtpd", 2, "nosuchservicename")]
    [InlineData("smtp inet n - y - - smtpd\n  -o", 2, "-o without name=value")]
    [InlineData("smtp inet n - y - - smtpd -o novalue", 2, "bad -o setting")]
    [InlineData("smtp inet n - y - - smtpd -o { a = b", 2, "missing '}'")]
    [InlineData("  -o a=b", 2, "continuation")]
    public void Bad_entries_name_file_and_line(string entry, int line, string problem)
    {
        var error = Assert.Throws<ConfigException>(() => MasterConfig.Parse("# header\n" + entry + "\n", "/etc/x/master.cf"));

        Assert.Equal("/etc/x/master.cf", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_file_names_and_aliases_are_tcp_ports()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("services", "# comment\nfoo 1234/tcp bar # alias\nfoo 1234/udp\nudponly 99/udp\nbroken\n");

        var ports = ServicePorts.ReadServicesFile(path);

        Assert.Equal(new Dictionary<string, int> { ["foo"] = 1234, ["bar"] = 1234 }, ports);
    }

    [Fact]
    public void Overrides_apply_to_main_config_and_count_as_set()
    {
        var service = MasterConfig.Parse("submission inet n - y - - smtpd -o smtpd_helo_required=yes -o relayhost=[x]\n", "master.cf").Services[0];
        var main = MainConfig.Parse("smtpd_helo_required = no\n", "main.cf");

        var effective = main.WithOverrides(service.Overrides, "master.cf");

        Assert.True(effective.GetBool("smtpd_helo_required"));
        Assert.False(main.GetBool("smtpd_helo_required"));
        Assert.Equal("[x]", effective.GetRaw("relayhost"));
        Assert.True(effective.IsSet("relayhost"));
        Assert.False(main.IsSet("relayhost"));
        Assert.Equal(["smtpd_helo_required", "relayhost"], effective.SetNames);
    }
}
