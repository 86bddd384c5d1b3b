namespace Estafeta.Config.Tests;

public sealed class TypedGetterTests
{
    [Theory]
    [InlineData("300", 300)]
    [InlineData("300s", 300)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("0", 0)]
    public void Time_units(string value, int seconds)
    {
        var config = MainConfig.Parse($"smtpd_timeout = {value}\n", "main.cf");

        Assert.Equal(TimeSpan.FromSeconds(seconds), config.GetTime("smtpd_timeout"));
    }

    [Fact]
    public void A_bare_number_uses_the_parameters_default_unit()
    {
        var config = MainConfig.Parse("maximal_queue_lifetime = 3\ndelay_warning_time = 4\n", "main.cf");

        Assert.Equal(TimeSpan.FromDays(3), config.GetTime("maximal_queue_lifetime"));
        Assert.Equal(TimeSpan.FromHours(4), config.GetTime("delay_warning_time"));
    }

    [Theory]
    [InlineData("5x")]
    [InlineData("five")]
    [InlineData("")]
    [InlineData("-5s")]
    public void Bad_time_names_file_line_and_parameter(string value)
    {
        var config = MainConfig.Parse($"biff = no\nsmtpd_timeout = {value}\n", "/etc/postfix/main.cf");

        var error = Assert.Throws<ConfigException>(() => config.GetTime("smtpd_timeout"));

        Assert.StartsWith("/etc/postfix/main.cf, line 2: parameter smtpd_timeout: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("YES", true)]
    [InlineData("no", false)]
    [InlineData("No", false)]
    public void Booleans(string value, bool expected)
    {
        Assert.Equal(expected, MainConfig.Parse($"biff = {value}\n", "main.cf").GetBool("biff"));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("y")]
    [InlineData("")]
    public void Bad_boolean_names_file_line_and_parameter(string value)
    {
        var config = MainConfig.Parse($"# c\n\nsmtpd_helo_required = {value}\n", "main.cf");

        var error = Assert.Throws<ConfigException>(() => config.GetBool("smtpd_helo_required"));

        Assert.Equal("main.cf", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("smtpd_helo_required", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Integers_and_sizes()
    {
        var config = MainConfig.Parse("message_size_limit = 52428800\nsmtpd_recipient_limit = 100\n", "main.cf");

        Assert.Equal(52428800, config.GetSize("message_size_limit"));
        Assert.Equal(100, config.GetInt("smtpd_recipient_limit"));
    }

    [Fact]
    public void Bad_size_names_the_parameter()
    {
        var config = MainConfig.Parse("message_size_limit = 10MB\n", "main.cf");

        var error = Assert.Throws<ConfigException>(() => config.GetSize("message_size_limit"));

        Assert.Equal("main.cf, line 1: parameter message_size_limit: bad size value \"10MB\" (expected a number of bytes)", error.Message);
    }

    [Fact]
    public void Bad_default_expansion_target_names_the_override_source()
    {
        var config = MainConfig.Empty.WithOverrides([new("smtpd_recipient_limit", "lots")], "master.cf");

        var error = Assert.Throws<ConfigException>(() => config.GetInt("smtpd_recipient_limit"));

        Assert.Equal("master.cf: parameter smtpd_recipient_limit: bad numerical value \"lots\"", error.Message);
    }

    [Fact]
    public void Lists_split_on_commas_and_white_space_and_keep_brace_groups()
    {
        var config = MainConfig.Parse(
            "alias_maps = hash:/etc/aliases,  inline:{ a=b, c=d }\n  texthash:/x ,,static:{ x y }\n", "main.cf");

        Assert.Equal(["hash:/etc/aliases", "inline:{ a=b, c=d }", "texthash:/x", "static:{ x y }"], config.GetList("alias_maps"));
    }

    [Fact]
    public void Lists_expand_before_splitting()
    {
        var config = MainConfig.Parse("mynetworks = 10.0.0.0/8, $extra_nets\nextra_nets = 192.168.1.0/24 [::1]/128\n", "main.cf");

        Assert.Equal(["10.0.0.0/8", "192.168.1.0/24", "[::1]/128"], config.GetList("mynetworks"));
    }
}
