using System.Diagnostics;

namespace Estafeta.TestKit;

/// <summary>useradd, userdel and their kin for tests that need real Unix accounts (the tests run as root).</summary>
public static class UserAccountTools
{
    /// <summary>Runs the command and returns its output. Test projects run in parallel and each may be adding an account:
    /// while another useradd holds /etc/passwd's lock, it tries again, a bounded number of times, backing off.</summary>
    /// <exception cref="InvalidOperationException">The command failed for another reason, or the lock never came free.</exception>
    public static string Run(string program, params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var errorRead = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            var error = errorRead.GetAwaiter().GetResult();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return output;
            }

            if (attempt >= 20 || !error.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}");
            }

            Thread.Sleep(100 * attempt); // the lock is another process's: nothing to wait on but time
        }
    }
}
