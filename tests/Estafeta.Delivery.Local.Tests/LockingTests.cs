using System.Diagnostics;

namespace Estafeta.Delivery.Local.Tests;

public sealed class LockingTests
{
    private const string Message = "Subject: x\n\nbody";

    [Fact]
    public async Task StaleDotLockIsBrokenWithAWarning()
    {
        using var harness = new LocalHarness();
        var lockPath = harness.MboxPath + ".lock";
        await File.WriteAllTextAsync(lockPath, "");
        File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow.AddMinutes(-10));

        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.False(File.Exists(lockPath));
        Assert.True(harness.LoggedWarning($"{lockPath}: removed stale lock file"));
        Assert.Single(ExternalTools.ParseMbox(harness.MboxPath));
    }

    [Fact]
    public async Task FreshDotLockMakesUsWaitUntilItIsRemoved()
    {
        using var harness = new LocalHarness();
        var lockPath = harness.MboxPath + ".lock";
        await File.WriteAllTextAsync(lockPath, "");

        var delivery = harness.DeliverOneAsync(Message);

        // The agent touches the spool's link source at every attempt: wait until it has tried at least twice.
        var source = Path.Combine(harness.Spool, ".estafeta-dotlock");
        await WaitUntilAsync(() => File.Exists(source));
        var firstAttempt = File.GetLastWriteTimeUtc(source);
        await WaitUntilAsync(() => File.GetLastWriteTimeUtc(source) > firstAttempt);
        Assert.False(delivery.IsCompleted);
        Assert.False(File.Exists(harness.MboxPath));
        File.Delete(lockPath);
        var outcome = await delivery.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.False(File.Exists(lockPath));
    }

    [Fact]
    public async Task DotLockInTheSpoolIsALinkToOneFileOfOursAndIsGoneAfterwards()
    {
        using var harness = new LocalHarness();
        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.False(File.Exists(harness.MboxPath + ".lock"));
        var source = new FileInfo(Path.Combine(harness.Spool, ".estafeta-dotlock"));
        Assert.True(source.Exists);
        Assert.Equal(0, source.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, source.UnixFileMode);
    }

    [Fact]
    public async Task OurOwnLockLeftByADeadProcessIsBrokenAtOnceThoughItLooksFresh()
    {
        using var harness = new LocalHarness();
        var source = Path.Combine(harness.Spool, ".estafeta-dotlock");
        var lockPath = harness.MboxPath + ".lock";
        await File.WriteAllTextAsync(source, "");
        ExternalTools.Run("ln", source, lockPath); // a hard link, as a delivery killed while holding the lock leaves it

        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.False(File.Exists(lockPath));
        Assert.True(harness.LoggedWarning($"{lockPath}: removed stale lock file"));
        Assert.Single(ExternalTools.ParseMbox(harness.MboxPath));
    }

    [Fact]
    public async Task SomeoneElsesLinkSourceIsNotUsed()
    {
        using var harness = new LocalHarness();
        var source = Path.Combine(harness.Spool, ".estafeta-dotlock");
        await File.WriteAllTextAsync(source, "not ours");
        File.SetLastWriteTimeUtc(source, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        ExternalTools.Run("chown", "65534", source);

        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Single(ExternalTools.ParseMbox(harness.MboxPath));
        Assert.False(File.Exists(harness.MboxPath + ".lock"));
        Assert.Equal("not ours", await File.ReadAllTextAsync(source));
    }

    [Fact]
    public async Task FreshDotLockHeldTooLongDefers()
    {
        using var harness = new LocalHarness();
        harness.Settings = harness.Settings with { DeliverLockAttempts = 3, DeliverLockDelay = TimeSpan.FromMilliseconds(20) };
        var lockPath = harness.MboxPath + ".lock";
        await File.WriteAllTextAsync(lockPath, "held");

        var outcome = await harness.DeliverOneAsync(Message);

        Assert.Equal(DeliveryStatus.Deferred, outcome.Status);
        Assert.Equal("4.2.0", outcome.Dsn);
        Assert.Contains($"unable to create lock file {lockPath}", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("held", await File.ReadAllTextAsync(lockPath));
        Assert.False(File.Exists(harness.MboxPath));
    }

    [Fact]
    public async Task FiftyConcurrentDeliveriesWaitForAnotherProcessFcntlLockAndAllArriveIntact()
    {
        using var harness = new LocalHarness();
        await File.WriteAllTextAsync(harness.MboxPath, "");
        var requests = Enumerable.Range(0, 50).Select(i => harness.Queued($"Subject: n{i}\n\nbody {i}\nFrom line {i}")).ToList();
        var agent = harness.CreateAgent();

        // python3 takes the POSIX lock (lockf = fcntl F_SETLKW), says so, holds it 2 seconds, reports the mailbox
        // size while it still holds the lock, and lets go only when we tell it to.
        using var holder = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", "import fcntl, os, sys, time\nf = open(sys.argv[1], 'a')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(2)\nprint(os.fstat(f.fileno()).st_size, flush=True)\nsys.stdin.readline()\n", harness.MboxPath },
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        })!;
        Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));

        var deliveries = Task.WhenAll(requests.Select(r => Task.Run(() => agent.DeliverAsync(r, CancellationToken.None))));
        Assert.Equal("0", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(deliveries.IsCompleted, "no delivery may finish while the lock is held");
        await holder.StandardInput.WriteLineAsync();
        await holder.StandardInput.FlushAsync();
        var outcomes = await deliveries.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Sent, Assert.Single(o).Status));
        await holder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var messages = ExternalTools.ParseMbox(harness.MboxPath);
        Assert.Equal(50, messages.Length);
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => $"body {i}\n>From line {i}\n").Order(StringComparer.Ordinal),
            messages.Select(m => m[2]).Order(StringComparer.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(5);
        }
    }
}
