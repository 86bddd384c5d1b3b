using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>`estafeta run -c CONFDIR`: master.cf decides where it listens; SIGHUP reloads; errors are one line.</summary>
public sealed class HostConfigDirectoryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Listens_where_master_cf_says()
    {
        using var dir = new HostTestDirectory();
        var port = HostTestDirectory.FreePort();
        dir.WriteConfig(port);

        using var estafeta = await EstafetaProcess.StartWithConfigAsync(dir.Config, dir.State);

        Assert.Equal(port, estafeta.Port);
        Assert.Contains($"listening on 127.0.0.1:{port} (smtpd)", estafeta.StartupLine, StringComparison.Ordinal);
        Assert.Equal(dir.LogFile, estafeta.LogPath);
        Assert.Matches(@"^220 ", await HostTestDirectory.ReadGreetingAsync(port));
        await estafeta.WaitForLogLineAsync(
            l => l.EndsWith($"daemon started -- version 0.1.0, configuration {dir.Config}", StringComparison.Ordinal), Timeout);
    }

    [Fact]
    public async Task Sighup_reloads_main_cf_and_the_next_lines_use_the_new_syslog_name()
    {
        using var dir = new HostTestDirectory();
        var port = HostTestDirectory.FreePort();
        dir.WriteConfig(port);
        using var estafeta = await EstafetaProcess.StartWithConfigAsync(dir.Config, dir.State);
        await estafeta.WaitForLogLineAsync(l => l.Contains("estafeta/master", StringComparison.Ordinal), Timeout);

        File.AppendAllText(dir.MainCf, "syslog_name = postfix\n");
        estafeta.Signal(EstafetaProcess.SIGHUP);

        await estafeta.WaitForLogLineAsync(
            l => l.EndsWith($"postfix/master[{estafeta.Pid}]: reload -- version 0.1.0, configuration {dir.Config}", StringComparison.Ordinal),
            Timeout);
        Assert.Matches(@"^220 ", await HostTestDirectory.ReadGreetingAsync(port));
    }

    [Fact]
    public async Task Sighup_after_a_master_cf_port_change_moves_the_listener()
    {
        using var dir = new HostTestDirectory();
        var oldPort = HostTestDirectory.FreePort();
        dir.WriteConfig(oldPort);
        using var estafeta = await EstafetaProcess.StartWithConfigAsync(dir.Config, dir.State);

        var newPort = HostTestDirectory.FreePort();
        File.WriteAllText(dir.MasterCf, $"127.0.0.1:{newPort} inet n - n - - smtpd\n");
        estafeta.Signal(EstafetaProcess.SIGHUP);
        await estafeta.WaitForLogLineAsync(l => l.Contains("reload -- version", StringComparison.Ordinal), Timeout);

        Assert.Matches(@"^220 ", await HostTestDirectory.ReadGreetingAsync(newPort));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => HostTestDirectory.ReadGreetingAsync(oldPort));
    }

    [Fact]
    public async Task A_broken_main_cf_on_reload_is_logged_and_the_old_configuration_stays()
    {
        using var dir = new HostTestDirectory();
        var port = HostTestDirectory.FreePort();
        dir.WriteConfig(port);
        using var estafeta = await EstafetaProcess.StartWithConfigAsync(dir.Config, dir.State);

        File.AppendAllText(dir.MainCf, "syslog_name = postfix\nthis line is not a parameter\n");
        estafeta.Signal(EstafetaProcess.SIGHUP);

        var error = await estafeta.WaitForLogLineAsync(l => l.Contains("reload failed", StringComparison.Ordinal), Timeout);
        Assert.Contains($"estafeta/master[{estafeta.Pid}]: error: reload failed: {dir.MainCf}, line 5: ", error, StringComparison.Ordinal);
        Assert.Matches(@"^220 ", await HostTestDirectory.ReadGreetingAsync(port));

        estafeta.Signal(EstafetaProcess.SIGTERM);
        Assert.Equal(0, await estafeta.WaitForExitAsync(Timeout));
        Assert.DoesNotContain(estafeta.LogLines(), l => l.Contains("postfix/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_main_cf_line_at_start_is_one_fatal_line_and_exit_1()
    {
        using var dir = new HostTestDirectory();
        dir.WriteConfig(HostTestDirectory.FreePort(), "this line is not a parameter\n");

        var result = await EstafetaProcess.RunToExitAsync(["run", "-c", dir.Config], dir.State);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError);
        Assert.StartsWith($"estafeta: fatal: {dir.MainCf}, line 4: ", line, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task A_port_in_use_is_one_fatal_line_naming_the_address_and_exit_1()
    {
        using var dir = new HostTestDirectory();
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        dir.WriteConfig(port);

        var result = await EstafetaProcess.RunToExitAsync(["run", "-c", dir.Config], dir.State);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError);
        Assert.StartsWith($"estafeta: fatal: bind 127.0.0.1:{port} ", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_parameter_is_warned_about_once_at_start()
    {
        using var dir = new HostTestDirectory();
        dir.WriteConfig(HostTestDirectory.FreePort(), "no_such_parameter_xyz = 1\n");

        using var estafeta = await EstafetaProcess.StartWithConfigAsync(dir.Config, dir.State);
        await estafeta.WaitForLogLineAsync(l => l.Contains("daemon started", StringComparison.Ordinal), Timeout);

        var warnings = estafeta.LogLines().Where(l => l.Contains("no_such_parameter_xyz", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains($"estafeta/master[{estafeta.Pid}]: warning: {dir.MainCf}, line 4: ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_that_is_known_but_not_yet_implemented_gets_one_notice()
    {
        using var dir = new HostTestDirectory();
        dir.WriteConfig(HostTestDirectory.FreePort(), "mailbox_command = /usr/bin/procmail\n");

        using var estafeta = await EstafetaProcess.StartWithConfigAsync(dir.Config, dir.State);
        await estafeta.WaitForLogLineAsync(l => l.Contains("daemon started", StringComparison.Ordinal), Timeout);

        var notice = Assert.Single(estafeta.LogLines(), l => l.Contains("mailbox_command", StringComparison.Ordinal));
        Assert.EndsWith($"estafeta/master[{estafeta.Pid}]: mailbox_command is set, but has no effect yet in estafeta 0.1.0", notice, StringComparison.Ordinal);
    }
}
