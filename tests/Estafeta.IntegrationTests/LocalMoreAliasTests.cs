using System.Globalization;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Aliases through the running daemon, as an administrator writes them in /etc/aliases: an :include: list, a
/// file to append to, a command to pipe to (with the environment local(8) gives it), a loop, and user+ext.
/// </summary>
[Collection(LocalMailCollection.Name)]
public sealed class LocalMoreAliasTests
{
    private static readonly TimeSpan Timeout = LocalMore.Timeout;

    [Fact]
    public async Task Include_file_members_get_the_message()
    {
        using var site = await LocalSite.StartAsync();
        using var sender = site.CreateUser();
        using var member = site.CreateUser();
        var list = Path.Combine(site.Directory.Root, "team.list");
        File.WriteAllText(list, $"# the team\n{member.Name}\n");
        site.WriteAliases($"postmaster: root\nteam: :include:{list}\n");

        var send = await LocalMore.SendmailAsUserAsync(site, sender, "Subject: al equipo\n\npara todos\n", "team@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        await LocalMore.WaitForEmptyQueueAsync(Path.Combine(site.Directory.Root, "queue"), Timeout);
        var bounces = await LocalMore.ReadMboxAsync(site.MailboxOf(sender.Name));
        Assert.True(bounces.Length == 0, "the sender got a bounce: " + string.Join("\n", site.Daemon.LogLines()));
        var message = await LocalMore.SingleMessageAsync(site, member.Name);
        Assert.Equal("al equipo", LocalMore.Header(message, "Subject"));
        Assert.Equal("para todos\n", message.GetProperty("body").GetString());
    }

    [Fact]
    public async Task File_alias_appends_as_default_privs_and_pipe_alias_sees_the_local_environment()
    {
        using var site = await LocalSite.StartAsync("recipient_delimiter = +\n");
        using var sender = site.CreateUser();
        // default_privs (nobody) must be able to write here, as on a real machine.
        var drop = Path.Combine(site.Directory.Root, "drop");
        Directory.CreateDirectory(drop);
        TestUser.Run("chown", "nobody", drop);
        var box = Path.Combine(drop, "archive.mbox");
        var env = Path.Combine(drop, "pipe.env");
        var copy = Path.Combine(drop, "pipe.copy");
        site.WriteAliases(
            "postmaster: root\n"
            + $"archive: {box}\n"
            + $"robot: \"|/bin/sh -c 'env > {env}.tmp; cat > {copy}; mv {env}.tmp {env}'\"\n");

        var toFile = await LocalMore.SendmailAsUserAsync(site, sender, "Subject: al archivo\n\nguardar esto\n", "archive@localhost");
        Assert.True(toFile.ExitCode == 0, toFile.Error);
        var toPipe = await LocalMore.SendmailAsUserAsync(site, sender, "Subject: al robot\n\nprocesar esto\n", "robot+urgent@localhost");
        Assert.True(toPipe.ExitCode == 0, toPipe.Error);

        await site.Daemon.WaitForLogLineAsync(l => l.Contains($"status=sent (delivered to file: {box})", StringComparison.Ordinal), Timeout);
        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains("to=<robot+urgent@localhost>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to command: /bin/sh -c", StringComparison.Ordinal),
            Timeout);
        await LocalMore.WaitForFileAsync(env, Timeout);

        // The file: created by nobody (default_privs for a root-owned alias file), a valid mbox.
        Assert.Equal("65534", TestUser.Run("stat", "-c", "%u", box).Trim());
        var archived = Assert.Single(await LocalMore.ReadMboxAsync(box));
        Assert.Equal("al archivo", LocalMore.Header(archived, "Subject"));
        Assert.Equal("guardar esto\n", archived.GetProperty("body").GetString());

        // The command: ran as nobody, got the message on stdin and the recipient's attributes in its environment.
        Assert.Equal("65534", TestUser.Run("stat", "-c", "%u", copy).Trim());
        Assert.Contains("Subject: al robot", File.ReadAllText(copy), StringComparison.Ordinal);
        Assert.Contains("procesar esto", File.ReadAllText(copy), StringComparison.Ordinal);
        var variables = File.ReadAllLines(env)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        Assert.Equal("robot+urgent@localhost", variables.GetValueOrDefault("RECIPIENT"));
        Assert.Equal($"{sender.Name}@mail.test", variables.GetValueOrDefault("SENDER"));
        Assert.Equal("robot+urgent", variables.GetValueOrDefault("LOCAL"));
        Assert.Equal("urgent", variables.GetValueOrDefault("EXTENSION"));
        Assert.Equal("localhost", variables.GetValueOrDefault("DOMAIN"));
    }

    [Fact]
    public async Task Alias_loop_bounces_once_to_the_sender_with_status_5_4_6()
    {
        using var site = await LocalSite.StartAsync();
        using var sender = site.CreateUser();
        site.WriteAliases("postmaster: root\nping: pong\npong: ping\n");

        var send = await LocalMore.SendmailAsUserAsync(site, sender, "Subject: vuelta\n\nen bucle\n", "ping@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        await site.Daemon.WaitForLogLineAsync(l => l.Contains("dsn=5.4.6, status=bounced", StringComparison.Ordinal), Timeout);
        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains($"to=<{sender.Name}@mail.test>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal),
            Timeout);
        await LocalMore.WaitForEmptyQueueAsync(Path.Combine(site.Directory.Root, "queue"), Timeout);

        var bounce = await LocalMore.SingleMessageAsync(site, sender.Name);
        Assert.Equal("multipart/report", bounce.GetProperty("type").GetString());
        Assert.Equal("delivery-status", bounce.GetProperty("report_type").GetString());
        Assert.Equal("<>", LocalMore.Header(bounce, "Return-Path"));
        var status = Assert.Single(bounce.GetProperty("dsn").EnumerateArray());
        Assert.Equal("5.4.6", status.GetProperty("status").GetString());
        Assert.Equal("failed", status.GetProperty("action").GetString());
        Assert.Equal(1, site.Daemon.LogLines().Count(l => l.Contains("sender non-delivery notification", StringComparison.Ordinal)));
        Assert.False(File.Exists(site.MailboxOf("root")), "postmaster got a copy or the loop reached root");
    }

    [Fact]
    public async Task Plus_extension_reaches_the_users_mailbox_with_the_full_address_in_delivered_to()
    {
        using var site = await LocalSite.StartAsync("recipient_delimiter = +\n");
        using var user = site.CreateUser();
        site.WriteAliases("postmaster: root\n");

        var send = await LocalMore.SendmailAsUserAsync(site, user, "Subject: con extension\n\nlistas\n", $"{user.Name}+listas@localhost");
        Assert.True(send.ExitCode == 0, send.Error);

        await site.Daemon.WaitForLogLineAsync(
            l => l.Contains($"to=<{user.Name}+listas@localhost>", StringComparison.Ordinal) && l.Contains("status=sent (delivered to mailbox)", StringComparison.Ordinal),
            Timeout);
        var message = await LocalMore.SingleMessageAsync(site, user.Name);
        Assert.Equal($"{user.Name}+listas@localhost", LocalMore.Header(message, "Delivered-To"));
        Assert.Equal("con extension", LocalMore.Header(message, "Subject"));
        Assert.False(File.Exists(site.MailboxOf(user.Name + "+listas")));
        Assert.Equal(user.UserId.ToString(CultureInfo.InvariantCulture), TestUser.Run("stat", "-c", "%u", site.MailboxOf(user.Name)).Trim());
    }
}
