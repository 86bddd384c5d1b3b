using System.Diagnostics;

namespace Estafeta.TestKit;

/// <summary>useradd, userdel and their kin for tests that need real Unix accounts (the tests run as root).</summary>
public static class UserAccountTools
{
    // Test projects run in parallel and each may be adding an account; two useradd at once make one fail on
    // /etc/passwd's lock. flock(1) on one file of ours makes them take turns: it waits for the lock to be free
    // (at most LockWaitSeconds), so no test retries or sleeps.
    private const string LockFile = "/tmp/estafeta-tests-accounts.lock";
    private const string LockWaitSeconds = "120";

    /// <summary>Runs the command, one account command at a time across all test processes; returns its output.</summary>
    /// <exception cref="InvalidOperationException">The command failed, or the turn did not come within two minutes.</exception>
    public static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo("flock") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--exclusive", "--wait", LockWaitSeconds, LockFile, program }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start flock");
        var errorRead = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        var error = errorRead.GetAwaiter().GetResult();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}");
    }
}
