using System.Diagnostics;

namespace Estafeta.Config.Tests;

/// <summary>PostconfPrinter must print what Postfix's own postconf prints for the same directory.</summary>
public sealed class PostconfCompatibilityTests
{
    private const string SampleMainCf = """
        # a dozen parameters written the way people write them
        myhostname = mail.example.com
        mydomain   =    example.com
        mydestination = $myhostname,
            localhost.$mydomain,   localhost
        relayhost=[smtp.example.net]:587
        mynetworks = 127.0.0.0/8
        mynetworks = 127.0.0.0/8 [::1]/128   192.168.1.0/24
        smtpd_banner =   $myhostname   ESMTP   ready
        alias_maps = hash:/etc/aliases
        	texthash:/etc/more-aliases
        biff = no
        message_size_limit = 52428800
        smtpd_timeout = 5m
        relay_domains =
        mua_client_restrictions = permit_sasl_authenticated, reject
        smtpd_client_restrictions = $mua_client_restrictions
        never_used_anywhere = 1
        smtpd_recipient_restrictions = ${relayhost?{permit_mynetworks}:{reject}},
           reject_unauth_destination

        """;

    [Fact]
    public void NonDefault_output_matches_postconf_n_line_by_line()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", SampleMainCf);

        var postconf = RunPostconf("-c", dir.Path, "-n");
        var ours = PostconfPrinter.Lines(ConfigurationLoader.Load(dir.Path).Main, PostconfMode.NonDefault, [], expand: false).ToList();

        Assert.Equal(0, postconf.ExitCode);
        Assert.Contains(postconf.Error, l => l.Contains("master.cf", StringComparison.Ordinal));
        Assert.Equal(postconf.Output, ours);
    }

    [Fact]
    public void Expanded_output_matches_postconf_n_x_line_by_line()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", SampleMainCf);
        dir.Write("master.cf", File.ReadAllText("/etc/postfix/master.cf"));

        var postconf = RunPostconf("-c", dir.Path, "-n", "-x");
        var ours = PostconfPrinter.Lines(ConfigurationLoader.Load(dir.Path).Main, PostconfMode.NonDefault, [], expand: true).ToList();

        Assert.Equal(0, postconf.ExitCode);
        Assert.Equal(postconf.Output, ours);
    }

    [Fact]
    public void Named_parameters_print_in_the_order_asked_like_postconf()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", SampleMainCf);

        var postconf = RunPostconf("-c", dir.Path, "relayhost", "mydestination", "myorigin");
        var ours = PostconfPrinter.Lines(ConfigurationLoader.Load(dir.Path).Main, PostconfMode.Effective, ["relayhost", "mydestination", "myorigin"], expand: false).ToList();

        Assert.Equal(postconf.Output, ours);
    }

    [Fact]
    public void Defaults_match_postconf_d_including_the_machine_names()
    {
        string[] names = ["myhostname", "mydomain", "myorigin", "mydestination", "smtpd_timeout", "smtpd_hard_error_limit", "alias_maps", "local_recipient_maps", "forward_path", "maximal_queue_lifetime", "message_size_limit", "smtpd_tls_key_file"];

        var postconf = RunPostconf(["-d", .. names]);
        var ours = PostconfPrinter.Lines(MainConfig.Empty, PostconfMode.Defaults, names, expand: false).ToList();

        Assert.Equal(postconf.Output, ours);
    }

    [Fact]
    public void NonDefault_with_names_prints_only_those_set()
    {
        var config = MainConfig.Parse("relayhost = [r]\n", "main.cf");

        Assert.Equal(["relayhost = [r]"], PostconfPrinter.Lines(config, PostconfMode.NonDefault, ["myorigin", "relayhost"], expand: false));
    }

    private static (int ExitCode, List<string> Output, List<string> Error) RunPostconf(params string[] arguments)
    {
        var start = new ProcessStartInfo("postconf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("postconf did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            throw new TimeoutException("postconf did not finish in 20 s");
        }

        return (process.ExitCode, Lines(output.Result), Lines(error.Result));
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
