using System.Diagnostics;
using System.Text;
using Estafeta.Queue;

namespace Estafeta.Pickup.Tests;

public sealed class PickupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_submission_reaches_the_queue_with_the_local_received_header_and_an_added_from()
    {
        using var harness = new PickupHarness();
        await harness.SendmailAsync("To: root\nBcc: secreto@example.org\nSubject: Hola\n\nQue tal\n", "-t", "-f", "alumno", "-F", "Alumno Uno");

        Assert.Equal(1, await harness.Pickup.ScanAsync(CancellationToken.None));

        var id = Assert.Single(harness.IncomingIds());
        var uid = NativeMethods.RealUserId();
        Assert.Equal(
            $"Received: by mail.example.org (Estafeta, from userid {uid})\n"
            + $"\tid {id}; Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n"
            + "To: root\nSubject: Hola\n"
            + $"Message-ID: <20261130214051.{id}@mail.example.org>\n"
            + "Date: Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n"
            + "From: Alumno Uno <alumno@example.org>\n"
            + "\nQue tal",
            harness.StoredText(id));
        var file = harness.Open(id);
        Assert.Equal("alumno@example.org", file.Envelope.Sender);
        Assert.Equal(["root@example.org", "secreto@example.org"], file.Envelope.Recipients.Select(r => r.Address));
        Assert.Equal("LOCAL", file.Client.Protocol);
        Assert.Equal((int)uid, file.Client.LocalUserId);
        Assert.Contains($"{id}: uid={uid} from=<alumno>", harness.LogLines("pickup"));
        Assert.Empty(harness.DropFiles());
    }

    [Fact]
    public async Task A_message_with_its_own_from_keeps_it_and_a_name_with_specials_is_quoted()
    {
        using var harness = new PickupHarness();
        await harness.SendmailAsync("From: yo@example.org\n\nx\n", "a@b");
        await harness.SendmailAsync("Subject: s\n\nx\n", "-F", "Uno, Alumno", "-f", "alumno", "a@b");

        await harness.Pickup.ScanAsync(CancellationToken.None);

        var texts = harness.IncomingIds().Select(harness.StoredText).ToList();
        Assert.Single(texts, t => t.Contains("\nFrom: yo@example.org\n", StringComparison.Ordinal) && t.Split("\nFrom:").Length == 2);
        Assert.Single(texts, t => t.Contains("\nFrom: \"Uno, Alumno\" <alumno@example.org>\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_line_reaches_delivery_whole()
    {
        using var harness = new PickupHarness();
        var line = new string('z', 150_000);
        await harness.SendmailAsync($"Subject: long\n\n{line}\n", "a@b");

        await harness.Pickup.ScanAsync(CancellationToken.None);

        var lines = harness.Open(Assert.Single(harness.IncomingIds())).ReadLines().Select(Encoding.UTF8.GetString).ToList();
        Assert.Equal(line, lines[^1]);
    }

    [Fact]
    public async Task A_message_dropped_while_the_daemon_is_down_is_picked_up_when_it_starts()
    {
        using var harness = new PickupHarness();
        await harness.SendmailAsync("Subject: esperando\n\nx\n", "a@b");
        Assert.Single(harness.DropFiles());
        Assert.Empty(harness.IncomingIds());

        using var stop = new CancellationTokenSource();
        var run = harness.Pickup.RunAsync(stop.Token);
        await WaitForAsync(() => harness.IncomingIds().Length == 1);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Empty(harness.DropFiles());
    }

    [Fact]
    public async Task Sendmail_pokes_the_running_daemon_through_public_pickup()
    {
        using var harness = new PickupHarness();
        using var stop = new CancellationTokenSource();
        var run = harness.Pickup.RunAsync(stop.Token);
        await WaitForAsync(() => File.Exists(MaildropFolder.TriggerPathIn(harness.QueueDirectory)));

        // The fake clock never reaches the 60 s scan: only the trigger can bring it in.
        await harness.SendmailAsync("Subject: ya\n\nx\n", "a@b");
        await WaitForAsync(() => harness.IncomingIds().Length == 1);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite,
            File.GetUnixFileMode(MaildropFolder.TriggerPathIn(harness.QueueDirectory)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task The_periodic_scan_finds_what_came_without_a_trigger()
    {
        using var harness = new PickupHarness();
        using var stop = new CancellationTokenSource();
        var run = harness.Pickup.RunAsync(stop.Token);
        await WaitForAsync(() => File.Exists(MaildropFolder.TriggerPathIn(harness.QueueDirectory)));
        File.Delete(MaildropFolder.TriggerPathIn(harness.QueueDirectory));
        await harness.SendmailAsync("Subject: tarde\n\nx\n", "a@b");
        Assert.Empty(harness.IncomingIds());

        await WaitForAsync(() =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(61));
            return harness.IncomingIds().Length == 1;
        });

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Bad_drop_files_go_to_corrupt_and_pickup_keeps_going()
    {
        using var harness = new PickupHarness();
        File.WriteAllText(Path.Combine(harness.Maildrop, "0000000000000001.garbage"), "this is not a drop file\n");
        File.SetUnixFileMode(Path.Combine(harness.Maildrop, "0000000000000001.garbage"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(Path.Combine(harness.Maildrop, "0000000000000002.link"), "/etc/passwd");
        Assert.Equal(0, Mkfifo(Path.Combine(harness.Maildrop, "0000000000000003.fifo")));
        await harness.SendmailAsync("Subject: buena\n\nx\n", "a@b");
        var good = Path.GetFileName(harness.DropFiles().Single(p => !p.Contains("0000000000000", StringComparison.Ordinal)));
        var truncated = Path.Combine(harness.Maildrop, "0000000000000004.truncated");
        var bytes = File.ReadAllBytes(Path.Combine(harness.Maildrop, good));
        File.WriteAllBytes(truncated, bytes[..^4]);
        File.SetUnixFileMode(truncated, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var queued = await harness.Pickup.ScanAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(1, queued);
        Assert.Single(harness.IncomingIds());
        Assert.Empty(harness.DropFiles());
        var corrupt = Directory.GetFileSystemEntries(Path.Combine(harness.QueueDirectory, "corrupt")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["maildrop.0000000000000001.garbage", "maildrop.0000000000000002.link", "maildrop.0000000000000003.fifo", "maildrop.0000000000000004.truncated"], corrupt);
        var warnings = harness.Logs.Lines.Where(l => l.Category == "pickup" && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.Contains("maildrop/0000000000000002.link: is a symbolic link", warnings);
        Assert.Contains("maildrop/0000000000000003.fifo: not a regular file", warnings);
        Assert.Contains("maildrop/0000000000000004.truncated: truncated (no end record)", warnings);
        Assert.Contains("saving corrupt file \"0000000000000001.garbage\" from queue \"maildrop\" to queue \"corrupt\"", warnings);
    }

    [Fact]
    public async Task A_hand_made_drop_file_with_a_bad_address_goes_to_corrupt()
    {
        using var harness = new PickupHarness();
        var path = Path.Combine(harness.Maildrop, "0000000000000009.handmade");
        File.WriteAllText(path, "estafeta-maildrop 1\ncontent 00000000000000000002\nx\nsender a\trecipient <evil>\nrecipient b@c\nend\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(0, await harness.Pickup.ScanAsync(CancellationToken.None));

        Assert.Contains("maildrop/0000000000000009.handmade: bad address or name in the envelope", harness.LogLines("pickup"));
        Assert.Empty(harness.IncomingIds());
    }

    [Fact]
    public async Task A_drop_file_others_could_write_or_with_two_links_is_refused()
    {
        using var harness = new PickupHarness();
        await harness.SendmailAsync("x\n", "a@b");
        await harness.SendmailAsync("y\n", "a@b");
        var files = harness.DropFiles().Order().ToArray();
        File.SetUnixFileMode(files[0], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        Assert.Equal(0, Link(files[1], Path.Combine(harness.Root, "second-link")));

        Assert.Equal(0, await harness.Pickup.ScanAsync(CancellationToken.None));

        Assert.Empty(harness.IncomingIds());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(harness.QueueDirectory, "corrupt")).Length);
    }

    [Fact]
    public async Task Stale_temporary_files_are_removed_and_fresh_ones_left_alone()
    {
        using var harness = new PickupHarness();
        var stale = Path.Combine(harness.Maildrop, "tmp.STALE");
        var fresh = Path.Combine(harness.Maildrop, "tmp.FRESH");
        File.WriteAllText(stale, "half");
        File.WriteAllText(fresh, "half");
        File.SetLastWriteTimeUtc(stale, harness.Time.GetUtcNow().UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(fresh, harness.Time.GetUtcNow().UtcDateTime);

        await harness.Pickup.ScanAsync(CancellationToken.None);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task A_user_who_is_not_root_submits_through_the_1733_maildrop_and_pickup_reports_their_uid()
    {
        using var harness = new PickupHarness();
        File.SetUnixFileMode(harness.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var nobody = NativeMethods.LookUpUser(65534)!.Value.Name;

        var (status, error) = await RunProbeAsUserAsync(harness, nobody, "Subject: de nadie\n\nhola\n", "root@example.org");

        Assert.True(status == 0, error);
        var drop = Assert.Single(harness.DropFiles());
        SendmailSubmissionTests.ReadDrop(drop, out _, out var owner);
        Assert.Equal(65534u, owner);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(drop));
        Assert.Equal(MaildropFolder.MaildropMode, File.GetUnixFileMode(harness.Maildrop));

        Assert.Equal(1, await harness.Pickup.ScanAsync(CancellationToken.None));
        var id = Assert.Single(harness.IncomingIds());
        Assert.Contains($"{id}: uid=65534 from=<{nobody}>", harness.LogLines("pickup"));
        Assert.StartsWith($"Received: by mail.example.org (Estafeta, from userid 65534)\n", harness.StoredText(id), StringComparison.Ordinal);
        Assert.Equal($"{nobody}@example.org", harness.Open(id).Envelope.Sender);
    }

    [Fact]
    public async Task A_user_who_is_not_root_cannot_list_the_maildrop()
    {
        using var harness = new PickupHarness();
        File.SetUnixFileMode(harness.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        using var ls = Process.Start(new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "ls", harness.Maildrop])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await ls.WaitForExitAsync().WaitAsync(Patience);

        Assert.NotEqual(0, ls.ExitCode);
        Assert.Contains("Permission denied", await ls.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    internal static async Task<(int Status, string Error)> RunProbeAsUserAsync(PickupHarness harness, string user, string input, params string[] args)
    {
        var probe = Path.Combine(CopyProbeWhereOthersCanRead(harness.Root), "SendmailProbe.dll");
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        // The muxer running these tests (it must be readable by the other user, as /usr/share/dotnet is).
        var dotnet = Path.GetFileName(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        foreach (var arg in (string[])[$"--reuid={user}", "--regid=nogroup", "--clear-groups", dotnet, probe, harness.QueueDirectory, harness.MessageSizeLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        return (process.ExitCode, await error);
    }

    // The build output may sit where the other user cannot read (a checkout under /root): copy the probe
    // and what it loads into the test's own folder, mode 0755.
    private static string CopyProbeWhereOthersCanRead(string root)
    {
        var target = Path.Combine(root, "probe");
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("SendmailProbe.", StringComparison.Ordinal) || name.StartsWith("Estafeta.", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, name));
                File.SetUnixFileMode(Path.Combine(target, name), (UnixFileMode)0b110_100_100);
            }
        }

        return target;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link")]
    private static extern int Link([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string existing, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string added);

    private static int Mkfifo(string path) => MkfifoNative(path, 0b110_000_000);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MkfifoNative([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int mode);
}
