using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// The sendmail command line as scripts and cron use it, through the running daemon: -t with To/Cc/Bcc, -f and -F,
/// -bv, the names mailq and newaliases, and submission while the daemon is down.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed class LocalMoreSendmailTests
{
    private static readonly TimeSpan Timeout = LocalMore.Timeout;

    [Fact]
    public async Task Dash_t_takes_recipients_from_to_cc_and_bcc_and_removes_bcc()
    {
        using var site = await LocalSite.StartAsync();
        using var to = site.CreateUser();
        using var cc = site.CreateUser();
        using var bcc = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var message = $"To: {to.Name}@localhost\nCc: {cc.Name}@localhost\nBcc: {bcc.Name}@localhost\nSubject: con copia oculta\n\nhola a los tres\n";
        var send = await LocalMore.SendmailAsUserAsync(site, to, message, "-t", "-i");
        Assert.True(send.ExitCode == 0, send.Error);

        await LocalMore.WaitForEmptyQueueAsync(Path.Combine(site.Directory.Root, "queue"), Timeout);
        foreach (var user in new[] { to, cc, bcc })
        {
            var delivered = await LocalMore.SingleMessageAsync(site, user.Name);
            Assert.Equal("con copia oculta", LocalMore.Header(delivered, "Subject"));
            Assert.Equal($"{cc.Name}@localhost", LocalMore.Header(delivered, "Cc"));
            Assert.False(LocalMore.HasHeader(delivered, "Bcc"), $"{user.Name}'s copy still has Bcc:");
            if (user != bcc)
            {
                Assert.DoesNotContain(bcc.Name, File.ReadAllText(site.MailboxOf(user.Name)), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Dash_f_sets_the_envelope_sender_and_dash_capital_f_the_full_name_in_from()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var send = await LocalMore.SendmailAsUserAsync(site, user, "Subject: del jefe\n\nfirmado\n", "-f", "jefe@example.org", "-F", "Jefe Grande", $"{user.Name}@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        await site.Daemon.WaitForLogLineAsync(l => l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal), Timeout);
        var delivered = await LocalMore.SingleMessageAsync(site, user.Name);
        Assert.Equal("<jefe@example.org>", LocalMore.Header(delivered, "Return-Path"));
        Assert.Equal("Jefe Grande <jefe@example.org>", LocalMore.Header(delivered, "From"));
        Assert.Contains("from=<jefe@example.org>", string.Join("\n", site.Daemon.LogLines()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_bv_says_where_a_recipient_goes_without_sending()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases($"postmaster: root\nroot: {user.Name}\n");

        var known = await LocalMore.SendmailAsUserAsync(site, user, "", "-bv", "root@localhost");
        Assert.True(known.ExitCode == 0, known.Error);
        Assert.Contains("root@localhost: deliverable via local", known.Output, StringComparison.Ordinal);
        Assert.Contains($"mailbox of {user.Name}", known.Output, StringComparison.Ordinal);

        var unknown = await LocalMore.SendmailAsUserAsync(site, user, "", "-bv", "nadie@localhost");
        Assert.Equal(67, unknown.ExitCode); // EX_NOUSER
        Assert.Contains("nadie@localhost: undeliverable", unknown.Output, StringComparison.Ordinal);

        Assert.Empty(LocalMore.QueuedFiles(Path.Combine(site.Directory.Root, "queue")));
        Assert.False(File.Exists(site.MailboxOf(user.Name)));
    }

    [Fact]
    public async Task Mailq_link_lists_a_waiting_message_with_its_sender_and_recipient()
    {
        var closedPort = HostTestDirectory.FreePort();
        using var site = await LocalSite.StartAsync($"relayhost = [127.0.0.1]:{closedPort}\n");
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var send = await LocalMore.SendmailAsUserAsync(site, user, "Subject: espera\n\nen cola\n", "lejano@example.net");
        Assert.True(send.ExitCode == 0, send.Error);
        var deferred = await site.Daemon.WaitForLogLineAsync(
            l => l.Contains("to=<lejano@example.net>", StringComparison.Ordinal) && l.Contains("status=deferred", StringComparison.Ordinal),
            Timeout);
        var id = deferred.Split(": ", 3)[1];

        var mailq = await LocalMore.AsRootAsync(site, LocalMore.LinkAs(site, "mailq"), "");
        Assert.True(mailq.ExitCode == 0, mailq.Error);
        Assert.StartsWith("-Queue ID-", mailq.Output, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{id}[*!]?\s+\d+ .* {user.Name}@mail\.test$", mailq.Output);
        Assert.Matches(@"(?m)^\s+lejano@example\.net$", mailq.Output);
        Assert.Contains("in 1 Request.", mailq.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newaliases_link_reports_a_bad_line_with_its_number()
    {
        using var site = await LocalSite.StartAsync();
        var newaliases = LocalMore.LinkAs(site, "newaliases");

        site.WriteAliases("postmaster: root\nroot: admin\n");
        var clean = await LocalMore.AsRootAsync(site, newaliases, "");
        Assert.True(clean.ExitCode == 0, clean.Error);

        site.WriteAliases("postmaster: root\n# a comment\nthis line has no colon\nroot: admin\n");
        var bad = await LocalMore.AsRootAsync(site, newaliases, "");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains($"newaliases: warning: {site.AliasesPath}, line 3: need name:value pair", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_submitted_while_the_daemon_is_stopped_waits_in_maildrop_and_is_delivered_at_start()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");
        site.Daemon.Signal(EstafetaProcess.SIGTERM);
        await site.Daemon.WaitForExitAsync(EstafetaProcess.DefaultTimeout);

        var send = await LocalMore.SendmailAsUserAsync(site, user, "Subject: mientras dormia\n\nesperando\n", $"{user.Name}@localhost");
        Assert.True(send.ExitCode == 0, send.Error);
        var maildrop = Path.Combine(site.Directory.Root, "queue", "maildrop");
        Assert.Single(Directory.GetFiles(maildrop));
        Assert.False(File.Exists(site.MailboxOf(user.Name)));

        using var restarted = await EstafetaProcess.StartWithConfigAsync(site.Directory.Config, site.Directory.State);
        try
        {
            await restarted.WaitForLogLineAsync(
                l => l.Contains($"to=<{user.Name}@localhost>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal),
                Timeout);
            var delivered = await LocalMore.SingleMessageAsync(site, user.Name);
            Assert.Equal("mientras dormia", LocalMore.Header(delivered, "Subject"));
            Assert.Empty(Directory.GetFiles(maildrop));
        }
        finally
        {
            restarted.Signal(EstafetaProcess.SIGTERM);
            await restarted.WaitForExitAsync(EstafetaProcess.DefaultTimeout);
        }
    }
}
