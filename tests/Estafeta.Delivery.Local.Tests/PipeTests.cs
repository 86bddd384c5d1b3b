using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Delivery.Local.Tests;

public sealed class PipeTests
{
    private static readonly LocalUser Nobody = new("nobody", 65534, 65534, "/nonexistent", "/usr/sbin/nologin");

    [Fact]
    public async Task CommandRunsAsTheUserWithPostfixEnvironmentAndMessageOnStdin()
    {
        using var harness = new LocalHarness { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 9, 5, 1, TimeSpan.Zero)) };
        var output = SharedDirectory(harness);
        var command = $"id -u > {output}/uid; env | sort > {output}/env; cat > {output}/stdin";
        harness.Expander.Expand = address => new LocalExpansion([new PipeTarget(command, Nobody, "ext") { Address = "alumno@example.org" }]);

        var outcome = Assert.Single(await harness.CreateAgent().DeliverAsync(harness.Queued("Subject: p\n\nFrom me\nbody", "jose@example.org", "Alumno+ext@example.org"), CancellationToken.None));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal($"delivered to command: {command}", outcome.Reason);
        Assert.Equal("65534\n", await File.ReadAllTextAsync($"{output}/uid"));
        var environment = (await File.ReadAllLinesAsync($"{output}/env")).Where(l => !l.StartsWith("PWD=", StringComparison.Ordinal) && !l.StartsWith("SHLVL=", StringComparison.Ordinal) && !l.StartsWith("_=", StringComparison.Ordinal) && !l.StartsWith("TZ=", StringComparison.Ordinal));
        Assert.Equal(
            [
                "CLIENT_ADDRESS=192.168.1.20",
                "CLIENT_HELO=pc",
                "CLIENT_HOSTNAME=pc.example.org",
                "CLIENT_PROTOCOL=ESMTP",
                "DOMAIN=example.org",
                "EXTENSION=ext",
                "HOME=/nonexistent",
                "LOCAL=alumno+ext",
                "LOGNAME=alumno",
                "ORIGINAL_RECIPIENT=Alumno+ext@example.org",
                "PATH=/usr/bin:/bin",
                "RECIPIENT=Alumno+ext@example.org",
                "SASL_USERNAME=jose",
                "SENDER=jose@example.org",
                "SHELL=/usr/sbin/nologin",
                "USER=alumno",
            ],
            environment);

        // local(8) gives commands the From_ line, Return-Path, X-Original-To and Delivered-To, no quoting, no blank line.
        Assert.Equal(
            "From jose@example.org Tue Nov  3 09:05:01 2026\nReturn-Path: <jose@example.org>\nX-Original-To: Alumno+ext@example.org\nDelivered-To: alumno@example.org\nSubject: p\n\nFrom me\nbody\n",
            await File.ReadAllTextAsync($"{output}/stdin"));
    }

    [Fact]
    public async Task CommandForRootRunsWithDefaultPrivileges()
    {
        using var harness = new LocalHarness();
        var output = SharedDirectory(harness);
        var root = new LocalUser("root", 0, 0, "/root", "/bin/sh");
        harness.Expander.Expand = address => new LocalExpansion([new PipeTarget($"id -u > {output}/uid", root, null) { Address = address }]);

        var outcome = await harness.DeliverOneAsync("Subject: p\n\nbody");

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal("65534\n", await File.ReadAllTextAsync($"{output}/uid"));
    }

    [Fact]
    public async Task ExitTempFailDefers()
    {
        using var harness = PipeHarness("echo try later; exit 75");

        var outcome = await harness.DeliverOneAsync("Subject: p\n\nbody");

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.3.0", outcome.Dsn);
        Assert.Equal("temporary failure. Command output: try later ", outcome.Reason);
    }

    [Fact]
    public async Task ExitOneBouncesWithCommandAndOutput()
    {
        using var harness = PipeHarness("echo no such folder >&2; exit 1");

        var outcome = await harness.DeliverOneAsync("Subject: p\n\nbody");

        Assert.Equal(DeliveryStatus.Bounced, outcome.Status);
        Assert.Equal("5.3.0", outcome.Dsn);
        Assert.Equal("Command died with status 1: \"echo no such folder >&2; exit 1\". Command output: no such folder ", outcome.Reason);
    }

    [Fact]
    public async Task ExitNoUserBouncesAs511()
    {
        using var harness = PipeHarness("exit 67");

        var outcome = await harness.DeliverOneAsync("Subject: p\n\nbody");

        Assert.Equal((DeliveryStatus.Bounced, "5.1.1", "user unknown"), (outcome.Status, outcome.Dsn, outcome.Reason));
    }

    [Fact]
    public async Task DsnAtStartOfOutputDecides()
    {
        using var harness = PipeHarness("echo 4.2.2 mailbox over quota; exit 1");

        var outcome = await harness.DeliverOneAsync("Subject: p\n\nbody");

        Assert.Equal((DeliveryStatus.Deferred, "4.2.2", "mailbox over quota "), (outcome.Status, outcome.Dsn, outcome.Reason));
    }

    [Fact]
    public async Task CommandThatIgnoresStdinStillSucceeds()
    {
        using var harness = PipeHarness("exit 0");

        var outcome = await harness.DeliverOneAsync("Subject: p\n\n" + new string('x', 1_000_000));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
    }

    [Fact]
    public async Task TimeLimitKillsTheWholeProcessGroupAndDefers()
    {
        using var harness = new LocalHarness();
        var output = SharedDirectory(harness);
        var command = $"echo $$ > {output}/pid; sleep 60 & sleep 60";
        harness.Settings = harness.Settings with { CommandTimeLimit = TimeSpan.FromSeconds(1) };
        harness.Expander.Expand = address => new LocalExpansion([new PipeTarget(command, Nobody, null) { Address = address }]);

        var outcome = await harness.DeliverOneAsync("Subject: p\n\nbody").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal($"Command time limit exceeded: \"{command}\"", outcome.Reason);
        var group = int.Parse(await File.ReadAllTextAsync($"{output}/pid"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await GroupIsGoneAsync(group), $"processes of group {group} are still running");
    }

    private static LocalHarness PipeHarness(string command)
    {
        var harness = new LocalHarness();
        harness.Expander.Expand = address => new LocalExpansion([new PipeTarget(command, Nobody, null) { Address = address }]);
        return harness;
    }

    /// <summary>A directory nobody may write into (the command runs as nobody).</summary>
    private static string SharedDirectory(LocalHarness harness)
    {
        var path = Path.Combine(harness.Root, "shared");
        Directory.CreateDirectory(path);
        ExternalTools.Run("chmod", "0777", harness.Root, path);
        return path;
    }

    /// <summary>True once no live (non-zombie) process has the group id; bounded.</summary>
    private static async Task<bool> GroupIsGoneAsync(int group)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var alive = Directory.GetDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Select(d => Path.Combine(d, "stat")).Any(stat =>
            {
                try
                {
                    var text = File.ReadAllText(stat);
                    var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                    return fields[0] != "Z" && fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    return false; // the process ended while we looked
                }
            });
            if (!alive)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
