using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// The server under strace: the system calls prove the queue file is written, fsynced, renamed into
/// incoming/, the directory fsynced, and only then "250 ... queued as" goes to the client.
/// </summary>
public sealed partial class DurabilityStraceTests
{
    [Fact]
    public async Task Queue_file_is_fsynced_renamed_and_directory_fsynced_before_the_250()
    {
        using var dir = new HostTestDirectory();
        var tracePath = Path.Combine(dir.Root, "trace");
        string id;
        using (var traced = await TracedServer.StartAsync(dir.State, tracePath))
        {
            using var client = await SmtpLineClient.ConnectAsync(traced.Port);
            await client.ReadReplyAsync();
            await client.CommandAsync("HELO client.example");
            await client.CommandAsync("MAIL FROM:<jose@localhost>");
            await client.CommandAsync("RCPT TO:<root@localhost>");
            await client.CommandAsync("DATA");
            await client.SendRawAsync("Subject: traced\r\n\r\nbody\r\n");
            var queued = await client.CommandAsync(".");
            var match = Regex.Match(queued, @"^250 2\.0\.0 Ok: queued as (?<id>\S+)$");
            Assert.True(match.Success, queued);
            id = match.Groups["id"].Value;
            await client.CommandAsync("QUIT");
        }

        Assert.Null(StraceEvents.FindDurabilityOrderViolation(File.ReadAllLines(tracePath), id));
    }

    /// <summary>`strace -f ... -o FILE dotnet estafeta.dll run --listen 127.0.0.1:0`; Dispose kills the tree by pid.</summary>
    private sealed partial class TracedServer : IDisposable
    {
        private readonly Process _process;

        private TracedServer(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static async Task<TracedServer> StartAsync(string stateDirectory, string tracePath)
        {
            var start = new ProcessStartInfo("strace")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "-f", "-e", "trace=openat,write,pwrite64,fsync,fdatasync,rename,renameat,renameat2,sendto,sendmsg,writev",
                "-o", tracePath, "dotnet", EstafetaProcess.ExecutablePath, "run", "--listen", "127.0.0.1:0",
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ESTAFETA_STATE_DIR"] = stateDirectory;
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start strace");
            try
            {
                _ = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(SmtpTestSupport.Timeout);
                for (var lines = 0; lines < 100; lines++)
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException("traced server exited before its startup line");
                    var match = PortPattern().Match(line);
                    if (match.Success)
                    {
                        _ = process.StandardOutput.ReadToEndAsync();
                        return new TracedServer(process, int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
                    }
                }

                throw new InvalidOperationException("no startup line from the traced server");
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
        }

        [GeneratedRegex(@"^estafeta: listening on 127\.0\.0\.1:(?<port>\d+) ")]
        private static partial Regex PortPattern();
    }
}
