using System.Text.Json;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// Helpers for the LocalMore* tests: submitting through the site's sendmail as a user, reading mboxes with
/// Python's mailbox and email libraries, and waiting for the queue to drain.
/// </summary>
internal static class LocalMore
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the site's sendmail as <paramref name="user"/> with <paramref name="arguments"/>; the message on stdin.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> SendmailAsUserAsync(
        LocalSite site, TestUser user, string message, params string[] arguments) =>
        await Tool.RunAsync("setpriv", [.. user.AsUser(site.SendmailEnvironment), site.SendmailPath, .. arguments], message, Timeout);

    /// <summary>Runs a program (the site's sendmail under another name, for instance) as root with MAIL_CONFIG set.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> AsRootAsync(LocalSite site, string program, string input, params string[] arguments) =>
        await Tool.RunAsync(program, arguments, input, Timeout, site.SendmailEnvironment);

    /// <summary>A link named <paramref name="name"/> to estafeta-sendmail in the site's bin/ folder, as installed (mailq and
    /// newaliases hand over to estafeta).</summary>
    public static string LinkAs(LocalSite site, string name)
    {
        var link = Path.Combine(site.Directory.Root, "bin", name);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, Path.Combine(AppContext.BaseDirectory, "estafeta-sendmail"));
        }

        return link;
    }

    /// <summary>Each message of an mbox, as Python's mailbox module reads it.</summary>
    public static async Task<JsonElement[]> ReadMboxAsync(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var json = await Tool.PythonAsync(MboxScript, path);
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
    }

    /// <summary>The one message in an mbox; otherwise fails with what the mbox held and the daemon's log.</summary>
    public static async Task<JsonElement> SingleMessageAsync(LocalSite site, string user)
    {
        var messages = await ReadMboxAsync(site.MailboxOf(user));
        Assert.True(
            messages.Length == 1,
            $"{user}'s mbox holds {messages.Length} messages ({string.Join(", ", messages.Select(m => Header(m, "Subject")))}); log:\n"
            + string.Join("\n", site.Daemon.LogLines()));
        return messages[0];
    }

    /// <summary>Waits until incoming/, active/ and deferred/ are empty (every message delivered or bounced).</summary>
    public static async Task WaitForEmptyQueueAsync(string queueDirectory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string[] left;
        do
        {
            left = QueuedFiles(queueDirectory);
            if (left.Length == 0)
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"queue not empty after {timeout}: {string.Join(", ", left)}");
    }

    public static string[] QueuedFiles(string queueDirectory) =>
        QueueFolders.FilesLeft(queueDirectory, "maildrop", "incoming", "active", "deferred");

    /// <summary>Waits for a file to exist (a pipe's or a file delivery's output).</summary>
    public static async Task WaitForFileAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no file " + path);
            }

            await Task.Delay(50);
        }
    }

    public static string Header(JsonElement message, string name) =>
        message.GetProperty("headers").TryGetProperty(name.ToLowerInvariant(), out var value) ? value.GetString() ?? "" : "";

    public static bool HasHeader(JsonElement message, string name) =>
        message.GetProperty("headers").TryGetProperty(name.ToLowerInvariant(), out _);

    /// <summary>
    /// Python's mailbox + email: per message its headers (lower-case names, the first of each), the body of a
    /// simple message, and for a multipart/report the report type and the per-recipient blocks of its own
    /// message/delivery-status part (Python gives an empty block for the blank line that ends the part, as
    /// Postfix writes it; that one is skipped).
    /// </summary>
    private const string MboxScript = """
        import json, mailbox, sys
        out = []
        for m in mailbox.mbox(sys.argv[1]):
            item = {"headers": {}, "type": m.get_content_type(), "body": None, "report_type": m.get_param("report-type"),
                    "dsn": []}
            for k, v in m.items():
                item["headers"].setdefault(k.lower(), str(v))
            if not m.is_multipart():
                item["body"] = m.get_payload(decode=True).decode()
            # The notice's own report (the first one; a returned bounce inside has its own), per-recipient blocks only.
            reports = [p for p in m.walk() if p.get_content_type() == "message/delivery-status"]
            for block in (reports[0].get_payload()[1:] if reports else []):
                if block["final-recipient"] is not None:
                    item["dsn"].append({"status": block["status"], "action": block["action"],
                                        "final_recipient": block["final-recipient"].replace(" ", "")})
            out.append(item)
        print(json.dumps(out))
        """;
}
