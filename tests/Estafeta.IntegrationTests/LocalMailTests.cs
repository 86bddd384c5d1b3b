using System.Globalization;
using System.Text.Json;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// DESIGN.md §1 case 1 as a person does it: a user sends with bsd-mailx (through our sendmail) to root, the alias
/// "root: USER" brings it to USER's mbox, and USER reads it with bsd-mailx and Python's mailbox module.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed class LocalMailTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Course_case_one_mail_to_root_reaches_the_aliased_users_mbox_and_mail_reads_it()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases($"root: {user.Name}\npostmaster: root\n");

        var send = await Tool.RunAsync(
            "setpriv",
            [.. user.AsUser(site.SendmailEnvironment), "mail", "-s", "Hola", "root@localhost"],
            "Cuerpo del mensaje\nFrom here on it is quoted\n",
            Timeout);
        Assert.True(send.ExitCode == 0, $"mail failed: {send.Error}");

        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains($"to=<{user.Name}@mail.test>, orig_to=<root@localhost>, relay=local", StringComparison.Ordinal)
                && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal),
            Timeout);
        await site.Daemon.WaitForLogLineAsync(l => l.EndsWith(": removed", StringComparison.Ordinal), Timeout);

        var mbox = site.MailboxOf(user.Name);
        Assert.Equal($"{user.UserId} 600 regular file", TestUser.Run("stat", "-c", "%u %a %F", mbox).Trim());

        // bsd-mailx, as the user: the header summary lists the message, "p 1" prints the body; "x" leaves the box as it was.
        var read = await Tool.RunAsync("setpriv", [.. user.AsUser(new Dictionary<string, string> { ["MAILRC"] = "/dev/null" }), "mail", "-f", mbox], "p 1\nx\n", Timeout);
        Assert.Equal(0, read.ExitCode);
        // The summary line: ">N  1 SENDER  DATE  LINES/BYTES   Hola" (bsd-mailx cuts the sender to its column).
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(read.Output, @"(?m)^>N?\s+1 " + user.Name + @"@\S*\s+.*Hola$"), read.Output);
        Assert.Contains("Cuerpo del mensaje", read.Output, StringComparison.Ordinal);
        Assert.Contains(">From here on it is quoted", File.ReadAllText(mbox), StringComparison.Ordinal);

        // Python's mailbox module: the body comes back unquoted, the headers as specified.
        var parsed = JsonDocument.Parse(await Tool.PythonAsync(MboxScript, mbox)).RootElement;
        var message = Assert.Single(parsed.EnumerateArray());
        Assert.Equal("Hola", message.GetProperty("subject").GetString());
        Assert.Equal($"<{user.Name}@mail.test>", message.GetProperty("return_path").GetString());
        // The alias value "USER" is qualified with $myorigin (mail.test), as Postfix's local(8) does.
        Assert.Equal($"{user.Name}@mail.test", message.GetProperty("delivered_to").GetString());
        // mbox quotes a body line that starts with "From " (and Python's mbox reader keeps the quote, as mutt shows it).
        Assert.Equal("Cuerpo del mensaje\n>From here on it is quoted\n", message.GetProperty("body").GetString());
        Assert.Contains(
            $"(Estafeta, from userid {user.UserId.ToString(CultureInfo.InvariantCulture)})",
            message.GetProperty("received").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smtp_to_a_local_user_lands_in_the_mbox_byte_for_byte()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        using (var client = await SmtpLineClient.ConnectAsync(site.Daemon.Port, System.Net.IPAddress.Loopback))
        {
            await client.ReadReplyAsync();
            Assert.StartsWith("250", await client.CommandAsync("HELO client.example"), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<jose@example.org>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync($"RCPT TO:<{user.Name}@localhost>"), StringComparison.Ordinal);
            Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
            await client.SendRawAsync("Subject: por SMTP\r\nFrom: jose@example.org\r\n\r\nlinea uno\r\n..punto\r\nFrom the start\r\n");
            Assert.StartsWith("250", await client.CommandAsync("."), StringComparison.Ordinal);
            await client.CommandAsync("QUIT");
        }

        await site.Daemon.WaitForLogLineAsync(l => l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal), Timeout);
        var parsed = JsonDocument.Parse(await Tool.PythonAsync(MboxScript, site.MailboxOf(user.Name))).RootElement;
        var message = Assert.Single(parsed.EnumerateArray());
        Assert.Equal("por SMTP", message.GetProperty("subject").GetString());
        Assert.Equal("<jose@example.org>", message.GetProperty("return_path").GetString());
        Assert.Equal("linea uno\n.punto\n>From the start\n", message.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Maildir_delivery_when_home_mailbox_ends_in_a_slash()
    {
        using var site = await LocalSite.StartAsync("home_mailbox = Maildir/\n");
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var send = await Tool.RunAsync("setpriv", [.. user.AsUser(site.SendmailEnvironment), "mail", "-s", "Maildir", $"{user.Name}@localhost"], "en Maildir\n", Timeout);
        Assert.True(send.ExitCode == 0, send.Error);

        await site.Daemon.WaitForLogLineAsync(l => l.Contains("status=sent (delivered to maildir)", StringComparison.Ordinal), Timeout);
        var maildir = Path.Combine(user.Home, "Maildir");
        var file = Assert.Single(Directory.GetFiles(Path.Combine(maildir, "new")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Equal(user.UserId.ToString(CultureInfo.InvariantCulture), TestUser.Run("stat", "-c", "%u", file).Trim());
        var subjects = await Tool.PythonAsync("import mailbox,sys\nfor m in mailbox.Maildir(sys.argv[1], factory=None): print(m['subject'])", maildir);
        Assert.Equal("Maildir", subjects.Trim());
    }

    [Fact]
    public async Task Unknown_user_bounces_to_the_sender_with_a_delivery_status_report()
    {
        using var site = await LocalSite.StartAsync();
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var send = await Tool.RunAsync("setpriv", [.. user.AsUser(site.SendmailEnvironment), "mail", "-s", "a nadie", "nosuchuser@localhost"], "hola\n", Timeout);
        Assert.True(send.ExitCode == 0, send.Error);

        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains("to=<nosuchuser@localhost>", StringComparison.Ordinal) && l.Contains("dsn=5.1.1, status=bounced", StringComparison.Ordinal),
            Timeout);
        await site.Daemon.WaitForLogLineAsync(l => l.Contains("sender non-delivery notification:", StringComparison.Ordinal), Timeout);
        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains($"to=<{user.Name}@mail.test>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal),
            Timeout);

        var report = await Tool.PythonAsync(DsnScript, site.MailboxOf(user.Name));
        Assert.Equal("multipart/report delivery-status <> 5.1.1 failed rfc822;nosuchuser@localhost", report.Trim());
    }

    /// <summary>Prints each message of an mbox as JSON: subject, Return-Path, Delivered-To, Received, body.</summary>
    private const string MboxScript = """
        import json, mailbox, sys
        out = []
        for m in mailbox.mbox(sys.argv[1]):
            out.append({"subject": m["subject"], "return_path": m["return-path"], "delivered_to": m["delivered-to"],
                        "received": m["received"], "body": m.get_payload(decode=True).decode()})
        print(json.dumps(out))
        """;

    /// <summary>Reads the one bounce in an mbox with Python's email library and prints what a user would check.</summary>
    private const string DsnScript = """
        import mailbox, sys
        msgs = list(mailbox.mbox(sys.argv[1]))
        assert len(msgs) == 1, len(msgs)
        m = msgs[0]
        parts = {p.get_content_type(): p for p in m.walk()}
        status = parts["message/delivery-status"].get_payload()[1]
        print(m.get_content_type(), m.get_param("report-type"), m["return-path"], status["status"], status["action"],
              status["final-recipient"].replace(" ", ""))
        """;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalMailCollection
{
    public const string Name = "local mail (creates Unix users)";
}
