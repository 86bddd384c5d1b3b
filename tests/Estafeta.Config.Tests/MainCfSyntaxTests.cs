namespace Estafeta.Config.Tests;

public sealed class MainCfSyntaxTests
{
    [Fact]
    public void Continuation_lines_join_with_one_space_and_comments_are_skipped()
    {
        var config = MainConfig.Parse(
            "# leading comment\n" +
            "mydestination = $myhostname,\n" +
            "    localhost.$mydomain,\n" +
            "   # an indented comment does not continue the value\n" +
            "\tlocalhost   \n" +
            "\n" +
            "relayhost = [smtp.example.net]:587\n",
            "main.cf");

        Assert.Equal("$myhostname, localhost.$mydomain, localhost", config.GetRaw("mydestination"));
    }

    [Fact]
    public void White_space_around_equals_and_at_the_ends_is_trimmed()
    {
        var config = MainConfig.Parse("relayhost   =   [smtp.example.net]:587   \nbiff=no\n", "main.cf");

        Assert.Equal("[smtp.example.net]:587", config.GetRaw("relayhost"));
        Assert.Equal("no", config.GetRaw("biff"));
        Assert.Equal(["relayhost", "biff"], config.SetNames);
    }

    [Fact]
    public void A_hash_inside_a_value_is_part_of_the_value()
    {
        var config = MainConfig.Parse("smtpd_banner = $myhostname #1 ESMTP\n", "main.cf");

        Assert.Equal("$myhostname #1 ESMTP", config.GetRaw("smtpd_banner"));
    }

    [Fact]
    public void Later_assignment_wins_with_a_warning()
    {
        var config = MainConfig.Parse("mynetworks = 127.0.0.0/8\nmynetworks = 10.0.0.0/8\n", "main.cf");

        Assert.Equal("10.0.0.0/8", config.Get("mynetworks"));
        Assert.Equal(["mynetworks"], config.SetNames);
        var warning = Assert.Single(config.Warnings);
        Assert.Equal(new ConfigWarning("main.cf", 2, "overriding earlier entry: mynetworks=127.0.0.0/8"), warning);
    }

    [Fact]
    public void Empty_value_counts_as_set()
    {
        var config = MainConfig.Parse("relay_domains =\n", "main.cf");

        Assert.True(config.IsSet("relay_domains"));
        Assert.Equal(string.Empty, config.Get("relay_domains"));
        Assert.Empty(config.GetList("relay_domains"));
    }

    [Fact]
    public void A_line_without_equals_is_an_error_naming_file_and_line()
    {
        var error = Assert.Throws<ConfigException>(() => MainConfig.Parse("biff = no\n\nthis is not a setting\n", "/etc/x/main.cf"));

        Assert.Equal("/etc/x/main.cf", error.File);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("/etc/x/main.cf, line 3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("this is not a setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_continuation_line_before_any_setting_is_skipped_with_a_warning_like_postfix()
    {
        var config = MainConfig.Parse("# comment\n   orphan = text\nbiff = no\n", "main.cf");

        Assert.Equal(["biff"], config.SetNames);
        Assert.Equal([new ConfigWarning("main.cf", 2, "logical line must not start with whitespace: \"   orphan = text\"")], config.Warnings);
    }

    [Fact]
    public void Blank_lines_and_comments_do_not_end_a_continued_value()
    {
        var config = MainConfig.Parse("relayhost = a\n# c\n  b\n\n  c\nbiff = no\n", "main.cf");

        Assert.Equal("a b c", config.GetRaw("relayhost"));
    }

    [Fact]
    public void A_missing_file_is_a_config_exception_without_a_line()
    {
        using var dir = new TempDirectory();
        var path = System.IO.Path.Combine(dir.Path, "main.cf");

        var error = Assert.Throws<ConfigException>(() => MainConfig.Load(path));

        Assert.Equal(0, error.Line);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_parameter_gets_one_warning_with_a_suggestion()
    {
        var config = MainConfig.Parse("biff = no\nmydestinaton = example.com\nfrobnicate_everything = 1\n", "main.cf");

        Assert.Equal(
            [
                new ConfigWarning("main.cf", 2, "unknown parameter mydestinaton (did you mean mydestination?)"),
                new ConfigWarning("main.cf", 3, "unknown parameter frobnicate_everything"),
            ],
            config.Warnings);
        Assert.Equal("example.com", config.Get("mydestinaton"));
    }

    [Fact]
    public void Registry_suggests_close_names_only()
    {
        Assert.Equal("smtpd_banner", ParameterRegistry.SuggestClosest("smtp_banner"));
        Assert.Equal("relayhost", ParameterRegistry.SuggestClosest("relay_host"));
        Assert.Null(ParameterRegistry.SuggestClosest("completely_unrelated_name"));
    }

    [Fact]
    public void Empty_gives_registry_defaults()
    {
        Assert.Empty(MainConfig.Empty.SetNames);
        Assert.False(MainConfig.Empty.IsSet("relayhost"));
        Assert.Equal("$myhostname ESMTP $mail_name", MainConfig.Empty.GetRaw("smtpd_banner"));
        Assert.Equal(10240000, MainConfig.Empty.GetSize("message_size_limit"));
    }
}
