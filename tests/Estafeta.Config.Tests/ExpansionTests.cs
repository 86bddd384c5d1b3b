namespace Estafeta.Config.Tests;

public sealed class ExpansionTests
{
    private static MainConfig Parse(string text) => MainConfig.Parse(text, "main.cf");

    [Fact]
    public void Every_reference_form_expands_regardless_of_order_in_the_file()
    {
        var config = Parse(
            "smtpd_banner = $myhostname|${mydomain}|$(mail_name)|$$myhostname\n" +
            "mail_name = Estafeta-Test\n" +
            "mydomain = example.org\n" +
            "myhostname = mx.example.org\n");

        Assert.Equal("mx.example.org|example.org|Estafeta-Test|$myhostname", config.Get("smtpd_banner"));
        Assert.Equal("$myhostname|${mydomain}|$(mail_name)|$$myhostname", config.GetRaw("smtpd_banner"));
    }

    [Theory]
    [InlineData("relayhost = [r]", "${relayhost?yes-set}", "yes-set")]
    [InlineData("relayhost =", "${relayhost?yes-set}", "")]
    [InlineData("relayhost = [r]", "${relayhost:was-empty}", "")]
    [InlineData("relayhost =", "${relayhost:was-empty}", "was-empty")]
    [InlineData("relayhost = [r]", "${relayhost?{via $relayhost}:{direct}}", "via [r]")]
    [InlineData("relayhost =", "${relayhost?{via $relayhost}:{direct}}", "direct")]
    [InlineData("relayhost = [r]", "${relayhost?{braced}}", "braced")]
    [InlineData("relayhost =", "${no_such_parameter:fallback $relayhost.}", "fallback .")]
    [InlineData("relayhost = [r]", "a ${relayhost?${relayhost}} b", "a [r] b")]
    public void Conditional_forms(string setting, string value, string expected)
    {
        var config = Parse(setting + "\nsmtpd_banner = " + value + "\n");

        Assert.Equal(expected, config.Get("smtpd_banner"));
    }

    [Fact]
    public void Defaults_expand_through_the_registry()
    {
        var config = Parse("myhostname = mail.example.com\n");

        Assert.Equal("example.com", config.Get("mydomain"));
        Assert.Equal(["mail.example.com", "localhost.example.com", "localhost"], config.GetList("mydestination"));
        Assert.Equal("mail.example.com ESMTP Estafeta", config.Get("smtpd_banner"));
        Assert.Equal(TimeSpan.FromSeconds(300), config.GetTime("smtpd_timeout"));
        Assert.Equal(20, config.GetInt("smtpd_hard_error_limit"));
    }

    [Fact]
    public void Myhostname_without_a_dot_gets_the_configured_domain()
    {
        var config = Parse("mydomain = example.net\n");

        var hostname = config.Get("myhostname");

        var expected = MachineIdentity.HostName.Contains('.') ? MachineIdentity.HostName : MachineIdentity.HostName + ".example.net";
        Assert.Equal(expected, hostname);
    }

    [Fact]
    public void A_cycle_is_an_error_naming_the_parameters()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("biff = no\nmyorigin = $mydomain\nmydomain = $myorigin\n"));

        Assert.Equal("main.cf", error.File);
        Assert.Contains("myorigin", error.Problem, StringComparison.Ordinal);
        Assert.Contains("mydomain", error.Problem, StringComparison.Ordinal);
        Assert.Contains("cycle", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_through_a_default_is_found_too()
    {
        // On a machine whose name has no dot, myhostname's default needs mydomain, whose value needs myhostname.
        if (MachineIdentity.HostName.Contains('.'))
        {
            Assert.Equal(MachineIdentity.HostName, Parse("mydomain = $myhostname\n").Get("mydomain"));
            return;
        }

        var error = Assert.Throws<ConfigException>(() => Parse("mydomain = $myhostname\n"));

        Assert.Contains("mydomain -> myhostname -> mydomain", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_reference_in_an_override_is_a_cycle()
    {
        var config = Parse("biff = no\n");

        var error = Assert.Throws<ConfigException>(() => config.WithOverrides([new("relayhost", "${relayhost}x")], "master.cf"));

        Assert.Contains("relayhost -> relayhost", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_reference_expands_to_empty_with_a_warning()
    {
        var config = Parse("smtpd_banner = $myhostname $no_such_thing ESMTP\nrelayhost = ${maybe_set?x}\n");

        Assert.Equal(config.Get("myhostname") + "  ESMTP", config.Get("smtpd_banner"));
        var warning = Assert.Single(config.Warnings);
        Assert.Equal(1, warning.Line);
        Assert.Contains("$no_such_thing", warning.Message, StringComparison.Ordinal);
        Assert.Contains("smtpd_banner", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_names_like_service_name_are_not_undefined()
    {
        var config = Parse("biff = no\n").WithOverrides([new("syslog_name", "postfix/$service_name")], "master.cf");

        Assert.Empty(config.Warnings);
        Assert.Equal("postfix/", config.Get("syslog_name"));
    }

    [Fact]
    public void An_unterminated_brace_is_an_error_naming_the_parameter()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("biff = no\nsmtpd_banner = ${myhostname ESMTP\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("smtpd_banner", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Myorigin_that_is_a_path_is_read_from_that_file()
    {
        using var dir = new TempDirectory();
        var mailname = dir.Write("mailname", "\nexample.com\nignored\n");
        var config = Parse($"myorigin = {mailname}\nsmtpd_banner = $myorigin\n");

        Assert.Equal("example.com", config.Get("myorigin"));
        Assert.Equal("example.com", config.Get("smtpd_banner"));
        Assert.Equal(mailname, config.GetRaw("myorigin"));
    }

    [Fact]
    public void Myorigin_file_that_is_missing_is_an_error_naming_the_line()
    {
        var config = Parse("biff = no\nmyorigin = /nonexistent/estafeta/mailname\n");

        var error = Assert.Throws<ConfigException>(() => config.Get("myorigin"));

        Assert.Equal(2, error.Line);
        Assert.Contains("/nonexistent/estafeta/mailname", error.Problem, StringComparison.Ordinal);
    }
}
