using System.Text;

namespace Estafeta.Pickup.Tests;

public sealed class SendmailSubmissionTests
{
    [Fact]
    public async Task The_drop_file_is_0600_owned_by_the_writer_and_holds_the_envelope()
    {
        using var harness = new PickupHarness();

        var (status, _, error) = await harness.SendmailAsync("Subject: hola\n\ncuerpo\n", "-f", "alumno", "-F", "Alumno Uno", "root, Jefe <jefe@example.org>");

        Assert.Equal(0, status);
        Assert.Equal(string.Empty, error);
        var path = Assert.Single(harness.DropFiles());
        Assert.False(Path.GetFileName(path).StartsWith("tmp.", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var drop = ReadDrop(path, out var content, out var owner);
        Assert.Equal(NativeMethods.RealUserId(), owner);
        Assert.Equal("alumno", drop.Sender);
        Assert.Equal("Alumno Uno", drop.FullName);
        Assert.Equal(["root", "jefe@example.org"], drop.Recipients);
        Assert.Equal("Subject: hola\n\ncuerpo\n", content);
    }

    [Fact]
    public async Task Before_the_daemon_ever_ran_its_owner_can_still_submit()
    {
        using var dir = new TempDirectory();
        var queue = Path.Combine(dir.Path, "state", "queue");
        var env = new SendmailEnvironment
        {
            Settings = new SendmailSettings { QueueDirectory = queue },
            Input = new MemoryStream("Subject: temprano\n\nx\n"u8.ToArray()),
            Error = new StringWriter(),
        };

        Assert.Equal(0, await SendmailProgram.RunAsync("sendmail", ["a@b"], env));

        Assert.Single(Directory.GetFiles(MaildropFolder.PathIn(queue)));
        Assert.Equal(MaildropFolder.MaildropMode, File.GetUnixFileMode(MaildropFolder.PathIn(queue)));
    }

    [Fact]
    public async Task Without_f_the_sender_is_the_login_name_of_the_real_uid()
    {
        using var harness = new PickupHarness();

        await harness.SendmailAsync("x\n", "a@b");

        var drop = ReadDrop(Assert.Single(harness.DropFiles()), out _, out _);
        Assert.Equal(NativeMethods.LookUpUser(NativeMethods.RealUserId())!.Value.Name, drop.Sender);
    }

    [Theory]
    [InlineData(new string[] { "a@b" }, "uno\n.\ndos\n", "uno\n")]
    [InlineData(new string[] { "-i", "a@b" }, "uno\n.\ndos\n", "uno\n.\ndos\n")]
    [InlineData(new string[] { "-oi", "a@b" }, ".\n", ".\n")]
    [InlineData(new string[] { "a@b" }, "uno\r\n.\r\ndos\r\n", "uno\n")]
    [InlineData(new string[] { "a@b" }, "uno\r\r\ndos", "uno\ndos\n")]
    [InlineData(new string[] { "a@b" }, "From alumno Mon Nov 30 21:40:51 2026\n>From x\nSubject: s\n\nFrom here\n", "Subject: s\n\nFrom here\n")]
    [InlineData(new string[] { "a@b" }, "..\n", "..\n")]
    public async Task Dots_line_ends_and_From_lines_as_postfix_sendmail(string[] args, string input, string stored)
    {
        using var harness = new PickupHarness();

        Assert.Equal(0, (await harness.SendmailAsync(input, args)).Status);

        ReadDrop(Assert.Single(harness.DropFiles()), out var content, out _);
        Assert.Equal(stored, content);
    }

    [Fact]
    public async Task T_takes_recipients_from_to_cc_and_bcc_and_keeps_the_arguments()
    {
        using var harness = new PickupHarness();
        var message = "To: Uno <uno@example.org>,\n\tdos@example.org\nCc: tres@example.org\nBcc: secreto@example.org\nSubject: x\n\nTo: body@example.org\n";

        Assert.Equal(0, (await harness.SendmailAsync(message, "-t", "arg@example.org")).Status);

        var drop = ReadDrop(Assert.Single(harness.DropFiles()), out _, out _);
        Assert.Equal(["arg@example.org", "uno@example.org", "dos@example.org", "tres@example.org", "secreto@example.org"], drop.Recipients);
    }

    [Fact]
    public async Task T_uses_only_resent_headers_when_there_are_some()
    {
        using var harness = new PickupHarness();
        var message = "To: original@example.org\nResent-To: nuevo@example.org\nResent-Bcc: oculto@example.org\n\nbody\n";

        await harness.SendmailAsync(message, "-t");

        var drop = ReadDrop(Assert.Single(harness.DropFiles()), out _, out _);
        Assert.Equal(["nuevo@example.org", "oculto@example.org"], drop.Recipients);
    }

    [Fact]
    public async Task No_recipients_is_a_usage_error_and_leaves_nothing()
    {
        using var harness = new PickupHarness();

        var (status, _, error) = await harness.SendmailAsync("Subject: x\n\nbody\n", "-f", "alumno");
        var (statusT, _, errorT) = await harness.SendmailAsync("Subject: x\n\nbody\n", "-f", "alumno", "-t");

        Assert.Equal(SysExits.Usage, status);
        Assert.Equal($"sendmail: fatal: alumno({NativeMethods.RealUserId()}): Recipient addresses must be specified on the command line or via the -t option\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(SysExits.Usage, statusT);
        Assert.Contains("No recipient addresses found in message header", errorT, StringComparison.Ordinal);
        Assert.Empty(harness.DropFiles());
    }

    [Theory]
    [InlineData("-f", "bad\u0001sender", "a@b", "bad sender address")]
    [InlineData("-f", "alumno", "x\u0007y@b", "bad recipient address")]
    public async Task Control_characters_in_an_address_are_refused(string option, string sender, string recipient, string message)
    {
        using var harness = new PickupHarness();

        var (status, _, error) = await harness.SendmailAsync("x\n", option, sender, recipient);

        Assert.Equal(SysExits.DataError, status);
        Assert.EndsWith(message + "\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Empty(harness.DropFiles());
    }

    [Fact]
    public async Task A_message_over_message_size_limit_is_refused_and_leaves_nothing()
    {
        using var harness = new PickupHarness(messageSizeLimit: 1000);
        var big = new StringBuilder("Subject: big\n\n");
        for (var i = 0; i < 40; i++)
        {
            big.Append(new string('x', 40)).Append('\n');
        }

        var (status, _, error) = await harness.SendmailAsync(big.ToString(), "-f", "alumno", "a@b");

        Assert.Equal(SysExits.Unavailable, status);
        Assert.Equal($"sendmail: fatal: alumno({NativeMethods.RealUserId()}): message file too big\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(harness.DropFiles());
    }

    [Fact]
    public async Task A_line_longer_than_the_read_buffer_is_kept_whole()
    {
        using var harness = new PickupHarness();
        var line = new string('y', 200_000);

        await harness.SendmailAsync($"Subject: long\n\n{line}\r\nend\n", "a@b");

        ReadDrop(Assert.Single(harness.DropFiles()), out var content, out _);
        Assert.Equal($"Subject: long\n\n{line}\nend\n", content);
    }

    [Fact]
    public async Task Bv_prints_where_each_recipient_would_go()
    {
        using var harness = new PickupHarness();
        var output = new StringWriter();
        var env = new SendmailEnvironment
        {
            Settings = new SendmailSettings { QueueDirectory = harness.QueueDirectory },
            Input = Stream.Null,
            Output = output,
            Error = new StringWriter(),
            Verifier = new TableVerifier(),
        };

        var status = await SendmailProgram.RunAsync("/usr/sbin/sendmail", ["-bv", "root@localhost, nadie@localhost"], env);

        Assert.Equal(SysExits.NoUser, status);
        Assert.Equal("root@localhost: deliverable via local (delivered to mailbox)\nnadie@localhost: undeliverable (unknown user: \"nadie\")\n", output.ToString().ReplaceLineEndings("\n"));
        Assert.Empty(harness.DropFiles());
    }

    [Fact]
    public async Task Mailq_and_newaliases_come_back_to_the_host_and_q_without_a_daemon_says_so()
    {
        using var harness = new PickupHarness();
        var env = new SendmailEnvironment
        {
            Settings = new SendmailSettings { QueueDirectory = harness.QueueDirectory },
            Input = Stream.Null,
            Output = new StringWriter(),
            Error = new StringWriter(),
        };

        Assert.Equal(SendmailProgram.ShowQueueRequested, await SendmailProgram.RunAsync("mailq", [], env));
        Assert.Equal(SendmailProgram.NewAliasesRequested, await SendmailProgram.RunAsync("/usr/bin/newaliases", [], env));
        Assert.Equal(SysExits.Unavailable, await SendmailProgram.RunAsync("sendmail", ["-q"], env));
        Assert.Equal("sendmail: fatal: Cannot flush mail queue - mail system is down\n", env.Error.ToString()!.ReplaceLineEndings("\n"));
    }

    internal static DropEnvelope ReadDrop(string path, out string content, out uint owner)
    {
        using var handle = NativeMethods.OpenFile(path, NativeMethods.ORdOnly, 0);
        var stat = NativeMethods.StatOpenFile(handle, path);
        owner = stat.UserId;
        using var stream = new FileStream(handle, FileAccess.Read);
        var drop = DropFileReader.ReadEnvelope(stream, stat.Size);
        stream.Position = drop.ContentStart;
        var bytes = new byte[drop.ContentLength];
        stream.ReadExactly(bytes);
        content = Encoding.UTF8.GetString(bytes);
        return drop;
    }

    private sealed class TableVerifier : IRecipientVerifier
    {
        public ValueTask<RecipientVerification> VerifyAsync(string address, CancellationToken cancellationToken) =>
            ValueTask.FromResult(address.StartsWith("root", StringComparison.Ordinal)
                ? new RecipientVerification(true, "local", "delivered to mailbox")
                : new RecipientVerification(false, "local", "unknown user: \"nadie\""));
    }
}
