using System.Diagnostics;

namespace Estafeta.IntegrationTests;

/// <summary>
/// mutt reads a mailbox Estafeta delivered. mutt needs a terminal, and keys it is sent with `push` from a muttrc
/// run but are never drawn (mutt skips screen refreshes while its macro buffer holds keys), so the test drives
/// mutt inside a detached tmux session of its own (private socket) and reads the rendered screen with capture-pane.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed class LocalMoreMuttTests
{
    private static readonly TimeSpan Timeout = LocalMore.Timeout;

    [Fact]
    public async Task Mutt_lists_the_delivered_message_by_subject_and_shows_its_body()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var send = await LocalMore.SendmailAsUserAsync(site, user, "Subject: Leer con mutt\n\nCuerpo que mutt muestra\n", $"{user.Name}@localhost");
        Assert.True(send.ExitCode == 0, send.Error);
        await site.Daemon.WaitForLogLineAsync(l => l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal), Timeout);

        var mbox = site.MailboxOf(user.Name);
        var before = File.ReadAllBytes(mbox);
        var muttrc = Path.Combine(site.Directory.Root, "muttrc");
        File.WriteAllText(
            muttrc,
            $"set folder={site.Directory.Root}\n"
            + "set mbox_type=mbox\nset move=no\nset quit=yes\nset mark_old=no\nset header_cache=\"\"\nset mailcap_path=/dev/null\n"
            + "set index_format=\"%4C %-20.20L %s\"\nset pager_index_lines=0\n");
        using var tmux = new TmuxSession(Path.Combine(site.Directory.Root, "tmux.sock"));
        await tmux.StartAsync($"env HOME={site.Directory.Root} TERM=screen mutt -n -F {muttrc} -R -f {mbox}");

        var index = await tmux.WaitForScreenAsync(s => s.Contains("Leer con mutt", StringComparison.Ordinal), Timeout);
        Assert.Matches(@"(?m)^\s+1 .*Leer con mutt\s*$", index);
        Assert.Contains("Msgs:1", index, StringComparison.Ordinal);

        await tmux.SendKeysAsync("Enter");
        var pager = await tmux.WaitForScreenAsync(s => s.Contains("Cuerpo que mutt muestra", StringComparison.Ordinal), Timeout);
        Assert.Contains("Subject: Leer con mutt", pager, StringComparison.Ordinal);

        await tmux.SendKeysAsync("q", "q");
        await tmux.WaitForEndAsync(Timeout);
        Assert.Equal(before, File.ReadAllBytes(mbox));
    }

    /// <summary>A tmux server on a private socket in the test's folder: one detached session, 132x40.</summary>
    private sealed class TmuxSession(string socket) : IDisposable
    {
        public async Task StartAsync(string command) =>
            await RunAsync("-f", "/dev/null", "new-session", "-d", "-x", "132", "-y", "40", command);

        public Task SendKeysAsync(params string[] keys) => RunAsync(["send-keys", .. keys]);

        /// <summary>Captures the pane until the screen satisfies <paramref name="predicate"/>; returns that screen.</summary>
        public async Task<string> WaitForScreenAsync(Func<string, bool> predicate, TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            var screen = "";
            while (Stopwatch.GetTimestamp() < deadline)
            {
                screen = await RunAsync("capture-pane", "-p");
                if (predicate(screen))
                {
                    return screen;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException("screen never matched; last screen:\n" + screen);
        }

        /// <summary>Waits for the session to end (mutt quit, so tmux's server exits).</summary>
        public async Task WaitForEndAsync(TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var (code, _, _) = await Tool.RunAsync("tmux", ["-S", socket, "has-session"], "", timeout);
                if (code != 0)
                {
                    return;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException("mutt did not quit");
        }

        public void Dispose()
        {
            try
            {
                // Stops only this test's tmux server (its own socket), if mutt has not already ended it.
                Tool.RunAsync("tmux", ["-S", socket, "kill-server"], "", TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }
            catch (TimeoutException)
            {
            }
        }

        private async Task<string> RunAsync(params string[] arguments)
        {
            var (code, output, error) = await Tool.RunAsync("tmux", ["-S", socket, .. arguments], "", TimeSpan.FromSeconds(10));
            return code == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)}: exit {code}: {error}");
        }
    }
}
