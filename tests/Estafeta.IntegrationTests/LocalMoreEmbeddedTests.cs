using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Estafeta.IntegrationTests;

/// <summary>
/// The README quick start as an ordinary user: the estafeta executable on its embedded default, run as `nobody`,
/// delivers mail for root into its own state folder as the running user.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed partial class LocalMoreEmbeddedTests
{
    private const string NobodyId = "65534";
    private static readonly TimeSpan Timeout = LocalMore.Timeout;

    [Fact]
    public async Task Embedded_default_as_nobody_delivers_to_root_into_its_own_spool_as_the_running_user()
    {
        using var directory = new HostTestDirectory();
        File.SetUnixFileMode(directory.Root, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(directory.State);
        TestUser.Run("chown", "nobody", directory.State);

        using var daemon = UnprivilegedDaemon.Start(directory.State);
        var port = await daemon.WaitForPortAsync(Timeout);

        using (var client = await SmtpLineClient.ConnectAsync(port))
        {
            Assert.StartsWith("220", await client.ReadReplyAsync(), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<jose@example.org>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<root@localhost>"), StringComparison.Ordinal);
            Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            await client.SendRawAsync("Subject: primer arranque\r\nFrom: jose@example.org\r\n\r\nhola root\r\n");
            Assert.StartsWith("250", await client.CommandAsync("."), StringComparison.Ordinal);
            await client.CommandAsync("QUIT");
        }

        var log = Path.Combine(directory.State, "log", "mail.log");
        await WaitForLogLineAsync(log, l => l.Contains("to=<root@localhost>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal));

        var mbox = Path.Combine(directory.State, "mail", "root");
        Assert.Equal($"{NobodyId} 600 regular file", TestUser.Run("stat", "-c", "%u %a %F", mbox).Trim());
        var message = Assert.Single(await LocalMore.ReadMboxAsync(mbox));
        Assert.Equal("primer arranque", LocalMore.Header(message, "Subject"));
        Assert.Equal("hola root\n", message.GetProperty("body").GetString());

        Assert.Equal(0, await daemon.StopAsync(Timeout));
    }

    private static async Task WaitForLogLineAsync(string path, Func<string, bool> predicate)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && File.ReadAllLines(path).Any(predicate))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no matching line in {path}:\n{(File.Exists(path) ? File.ReadAllText(path) : "(no log)")}");
    }

    /// <summary>`estafeta run --listen 127.0.0.1:0` (the apphost) as nobody through setpriv, with a clean environment.</summary>
    private sealed partial class UnprivilegedDaemon : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _stderr = new();

        private UnprivilegedDaemon(Process process) => _process = process;

        public static UnprivilegedDaemon Start(string stateDirectory)
        {
            // The apphost finds the runtime through DOTNET_ROOT: the one running this test, wherever CI put it.
            var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var start = new ProcessStartInfo("setpriv")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", "/usr/bin/env", "-i",
                "PATH=/usr/bin:/bin", "HOME=/nonexistent", "DOTNET_ROOT=" + dotnetRoot, "ESTAFETA_STATE_DIR=" + stateDirectory,
                Path.Combine(AppContext.BaseDirectory, "estafeta"), "run", "--listen", "127.0.0.1:0",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start };
            var daemon = new UnprivilegedDaemon(process);
            process.OutputDataReceived += (_, e) => daemon.OnStdout(e.Data);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    daemon._stderr.Enqueue(line);
                }
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return daemon;
        }

        public async Task<int> WaitForPortAsync(TimeSpan timeout)
        {
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(_port.Task, exited).WaitAsync(timeout);
            return first == _port.Task
                ? await _port.Task
                : throw new InvalidOperationException("estafeta exited before listening: " + string.Join('\n', _stderr));
        }

        /// <summary>SIGTERM by pid (setpriv and env exec, so the pid is estafeta's); returns the exit code.</summary>
        public async Task<int> StopAsync(TimeSpan timeout)
        {
            TestUser.Run("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process.Dispose();
        }

        private void OnStdout(string? line)
        {
            if (line is not null && ListeningPattern().Match(line) is { Success: true } match)
            {
                _port.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        [GeneratedRegex(@"^estafeta: listening on 127\.0\.0\.1:(?<port>\d+) ")]
        private static partial Regex ListeningPattern();
    }
}
