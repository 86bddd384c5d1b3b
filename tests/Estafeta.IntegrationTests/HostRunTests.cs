using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>`estafeta run` as a real child process: startup, signals, the log.</summary>
public sealed class HostRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Embedded_default_says_where_everything_is_and_logs_daemon_started()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);

        Assert.Equal("127.0.0.1", estafeta.Host);
        Assert.NotEqual(0, estafeta.Port);
        Assert.Matches($@"^estafeta: listening on 127\.0\.0\.1:{estafeta.Port} \(smtpd?\); queue ", estafeta.StartupLine);
        Assert.StartsWith(dir.State, estafeta.QueueDirectory, StringComparison.Ordinal);
        Assert.StartsWith(dir.State, estafeta.MailboxDirectory, StringComparison.Ordinal);
        Assert.StartsWith(dir.State, estafeta.LogPath, StringComparison.Ordinal);
        Assert.True(Directory.Exists(estafeta.QueueDirectory));
        Assert.True(Directory.Exists(estafeta.MailboxDirectory));

        var started = await estafeta.WaitForLogLineAsync(l => l.Contains("daemon started", StringComparison.Ordinal), Timeout);
        Assert.Matches(
            new Regex($@"^[A-Z][a-z]{{2}} [ 1-3]\d \d\d:\d\d:\d\d \S+ estafeta/master\[{estafeta.Pid}\]: daemon started -- version 0\.1\.0, configuration .+$"),
            started);
    }

    [Fact]
    public async Task The_bound_port_answers_with_an_smtp_reply()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);

        var greeting = await HostTestDirectory.ReadGreetingAsync(estafeta.Port);

        Assert.Matches(@"^220 ", greeting);
    }

    [Fact]
    public async Task Sigterm_stops_gracefully_with_exit_code_0_and_a_stop_line()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);
        await estafeta.WaitForLogLineAsync(l => l.Contains("daemon started", StringComparison.Ordinal), Timeout);

        estafeta.Signal(EstafetaProcess.SIGTERM);

        Assert.Equal(0, await estafeta.WaitForExitAsync(Timeout));
        var log = estafeta.LogLines();
        Assert.Contains(log, l => l.EndsWith($"estafeta/master[{estafeta.Pid}]: terminating on signal 15", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith($"estafeta/master[{estafeta.Pid}]: daemon stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigint_stops_like_ctrl_c()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);

        estafeta.Signal(EstafetaProcess.SIGINT);

        Assert.Equal(0, await estafeta.WaitForExitAsync(Timeout));
        Assert.Contains(estafeta.LogLines(), l => l.EndsWith("terminating on signal 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_lines_are_echoed_on_stderr_in_the_foreground()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);
        var started = await estafeta.WaitForLogLineAsync(l => l.Contains("daemon started", StringComparison.Ordinal), Timeout);

        estafeta.Signal(EstafetaProcess.SIGTERM);
        await estafeta.WaitForExitAsync(Timeout);

        Assert.Contains(started, estafeta.StandardError);
    }

    [Fact]
    public async Task Dash_o_overrides_a_main_cf_parameter()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State, "-o", "syslog_name=postfix");

        await estafeta.WaitForLogLineAsync(
            l => l.Contains($" postfix/master[{estafeta.Pid}]: daemon started", StringComparison.Ordinal), Timeout);
    }

    [Fact]
    public async Task Sighup_reopens_a_rotated_log_file()
    {
        using var dir = new HostTestDirectory();
        using var estafeta = await EstafetaProcess.StartEmbeddedAsync(dir.State);
        await estafeta.WaitForLogLineAsync(l => l.Contains("daemon started", StringComparison.Ordinal), Timeout);

        File.Move(estafeta.LogPath, estafeta.LogPath + ".1");
        estafeta.Signal(EstafetaProcess.SIGHUP);

        var reload = await estafeta.WaitForLogLineAsync(l => l.Contains("reload -- version", StringComparison.Ordinal), Timeout);
        Assert.Equal(reload, Assert.Single(estafeta.LogLines()));
        Assert.Contains(File.ReadAllLines(estafeta.LogPath + ".1"), l => l.Contains("daemon started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listen_option_with_a_config_directory_is_a_usage_error()
    {
        using var dir = new HostTestDirectory();
        dir.WriteConfig(HostTestDirectory.FreePort());

        var result = await EstafetaProcess.RunToExitAsync(["run", "-c", dir.Config, "--listen", "127.0.0.1:0"], dir.State);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError);
        Assert.StartsWith("estafeta: fatal: --listen ", line, StringComparison.Ordinal);
    }
}
