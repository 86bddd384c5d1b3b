using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>The short commands: --version, --help, config (postconf).</summary>
public sealed class HostCommandTests
{
    [Fact]
    public async Task Version_prints_name_and_number()
    {
        using var dir = new HostTestDirectory();

        var result = await EstafetaProcess.RunToExitAsync(["--version"], dir.State);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["estafeta 0.1.0"], result.StandardOutput);
    }

    [Fact]
    public async Task Help_lists_each_command_with_what_it_does()
    {
        using var dir = new HostTestDirectory();

        var result = await EstafetaProcess.RunToExitAsync(["--help"], dir.State);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.StandardOutput, l => l.TrimStart().StartsWith("run ", StringComparison.Ordinal) && l.Contains("mail server", StringComparison.Ordinal));
        Assert.Contains(result.StandardOutput, l => l.TrimStart().StartsWith("config ", StringComparison.Ordinal) && l.Contains("postconf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_help_says_where_the_embedded_default_keeps_its_state()
    {
        using var dir = new HostTestDirectory();

        var result = await EstafetaProcess.RunToExitAsync(["run", "--help"], dir.State);

        var text = string.Join(' ', result.StandardOutput);
        Assert.Contains("$ESTAFETA_STATE_DIR", text, StringComparison.Ordinal);
        Assert.Contains("~/.local/state/estafeta", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_n_prints_exactly_the_parameters_set()
    {
        using var dir = new HostTestDirectory();
        File.WriteAllText(dir.MainCf, "myhostname = mail.example.com\n# a comment\nsmtpd_banner = $myhostname ESMTP\n");
        File.WriteAllText(dir.MasterCf, "smtp inet n - n - - smtpd\n");

        var result = await EstafetaProcess.RunToExitAsync(["config", "-c", dir.Config, "-n"], dir.State);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["config_directory = " + dir.Config, "myhostname = mail.example.com", "smtpd_banner = $myhostname ESMTP"],
            result.StandardOutput);

        // And the same lines as Postfix's own postconf on the same files.
        var postconf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/sbin/postconf", ["-c", dir.Config, "-n"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var expected = await postconf.StandardOutput.ReadToEndAsync();
        await postconf.WaitForExitAsync();
        Assert.Equal(expected.Split('\n', StringSplitOptions.RemoveEmptyEntries), result.StandardOutput);
    }

    [Fact]
    public async Task Config_name_prints_that_parameter_and_x_expands_it()
    {
        using var dir = new HostTestDirectory();
        File.WriteAllText(dir.MainCf, "myhostname = mail.example.com\nsmtpd_banner = $myhostname ESMTP\n");
        File.WriteAllText(dir.MasterCf, "smtp inet n - n - - smtpd\n");

        var plain = await EstafetaProcess.RunToExitAsync(["config", "-c", dir.Config, "smtpd_banner"], dir.State);
        var expanded = await EstafetaProcess.RunToExitAsync(["config", "-c", dir.Config, "-x", "smtpd_banner"], dir.State);

        Assert.Equal(["smtpd_banner = $myhostname ESMTP"], plain.StandardOutput);
        Assert.Equal(["smtpd_banner = mail.example.com ESMTP"], expanded.StandardOutput);
    }

    [Fact]
    public async Task Config_with_an_unknown_name_warns_like_postconf()
    {
        using var dir = new HostTestDirectory();
        File.WriteAllText(dir.MainCf, "myhostname = mail.example.com\n");
        File.WriteAllText(dir.MasterCf, "smtp inet n - n - - smtpd\n");

        var result = await EstafetaProcess.RunToExitAsync(["config", "-c", dir.Config, "no_such_parameter_xyz", "myhostname"], dir.State);

        Assert.Equal(["estafeta: warning: no_such_parameter_xyz: unknown parameter"], result.StandardError);
        Assert.Equal(["myhostname = mail.example.com"], result.StandardOutput);
    }

    [Fact]
    public async Task Config_n_and_d_together_is_a_usage_error()
    {
        using var dir = new HostTestDirectory();

        var result = await EstafetaProcess.RunToExitAsync(["config", "-n", "-d"], dir.State);

        Assert.Equal(1, result.ExitCode);
    }
}
