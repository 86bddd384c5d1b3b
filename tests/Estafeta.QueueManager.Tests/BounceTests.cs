using System.Diagnostics;
using Estafeta.Core;
using Estafeta.Delivery;
using Estafeta.Queue;
using MimeKit;

namespace Estafeta.QueueManager.Tests;

public sealed class BounceTests
{
    private const string NoSuchUser = "host mx.example.net[192.0.2.1] said: 550 5.1.1 <x@example.net>: no such user (in reply to RCPT TO command)";

    private static FakeAgent Rejecting() => new((r, _) => new RecipientOutcome(r.QueueIndex, DeliveryStatus.Bounced, "5.1.1", NoSuchUser, "mx.example.net[192.0.2.1]:25")
    {
        RemoteMta = "dns; mx.example.net",
        DiagnosticCode = "smtp; 550 5.1.1 <x@example.net>: no such user",
    });

    [Fact]
    public async Task Permanent_failure_sends_one_rfc3464_report_to_the_sender()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        var id = queue.Put("jose@example.org", [new EnvelopeRecipient("x@example.net", DsnNotify.Unspecified, "rfc822;x@example.net")]);
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "bounce delivered");
        var (request, _, content) = Assert.Single(local.Requests);
        Assert.Equal(string.Empty, request.Sender);
        Assert.Equal("jose@example.org", Assert.Single(request.Recipients).Address);
        var bounceLine = Assert.Single(queue.Lines("bounce"));
        Assert.Matches($"^{id}: sender non-delivery notification: {request.QueueId}$", bounceLine);
        Assert.Contains($"{id}: to=<x@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=0, delays=0/0/0/0, dsn=5.1.1, status=bounced ({NoSuchUser})", queue.Lines("smtp"));

        var dsn = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)));
        Assert.Equal("Undelivered Mail Returned to Sender", dsn.Subject);
        Assert.Equal("MAILER-DAEMON@mail.example.org", ((MailboxAddress)dsn.From[0]).Address);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.StartsWith("This is the mail system at host mail.example.org.\n\nI'm sorry to have to inform you", ((TextPart)report[0]).Text, StringComparison.Ordinal);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal("dns; mail.example.org", status.StatusGroups[0]["Reporting-MTA"]);
        Assert.Equal(id, status.StatusGroups[0]["X-Postfix-Queue-ID"]);
        Assert.Equal("rfc822; x@example.net", status.StatusGroups[1]["Final-Recipient"]);
        Assert.Equal("rfc822;x@example.net", status.StatusGroups[1]["Original-Recipient"]);
        Assert.Equal("failed", status.StatusGroups[1]["Action"]);
        Assert.Equal("5.1.1", status.StatusGroups[1]["Status"]);
        Assert.Equal("dns; mx.example.net", status.StatusGroups[1]["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 <x@example.net>: no such user", status.StatusGroups[1]["Diagnostic-Code"]);
        var original = Assert.IsType<MessagePart>(report[2]);
        Assert.Equal("Body line one.\nBody line two.", original.Message!.TextBody!.TrimEnd());

        // The same report as Python's email library sees it.
        var python = RunPython(content, """
            import email, sys
            m = email.message_from_bytes(sys.stdin.buffer.read())
            print(m.get_content_type(), m.get_param('report-type'))
            parts = m.get_payload()
            print(parts[1].get_content_type())
            groups = parts[1].get_payload()
            print(groups[1]['Action'], groups[1]['Status'])
            print(parts[2].get_content_type())
            """);
        Assert.Equal("multipart/report delivery-status\nmessage/delivery-status\nfailed 5.1.1\nmessage/rfc822\n", python);
    }

    [Fact]
    public async Task Ret_hdrs_returns_only_the_headers()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        queue.Put("jose@example.org", [new EnvelopeRecipient("x@example.net")], ret: DsnReturn.Headers);
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "bounce delivered");
        var dsn = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(local.Requests).Content)));
        var headers = Assert.IsType<TextRfc822Headers>(Assert.IsType<MultipartReport>(dsn.Body)[2]);
        Assert.Equal("Hola", headers.Message!.Subject);
        Assert.DoesNotContain("Body line", Assert.Single(local.Requests).Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_never_gets_no_report_and_notify_success_gets_a_delivery_report()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        var smtp = new FakeAgent((r, _) => r.Address.StartsWith('x')
            ? new RecipientOutcome(r.QueueIndex, DeliveryStatus.Bounced, "5.1.1", NoSuchUser, "mx.example.net[192.0.2.1]:25")
            : new RecipientOutcome(r.QueueIndex, DeliveryStatus.Sent, "2.0.0", "250 2.0.0 Ok", "mx.example.net[192.0.2.1]:25"));
        var id = queue.Put("jose@example.org", [new EnvelopeRecipient("x@example.net", DsnNotify.Never), new EnvelopeRecipient("y@example.net", DsnNotify.Success)]);
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = smtp, ["local"] = local });

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "success report delivered");
        var content = Assert.Single(local.Requests).Content;
        Assert.Contains("Subject: Successful Mail Delivery Report", content, StringComparison.Ordinal);
        Assert.Contains("Final-Recipient: rfc822; y@example.net", content, StringComparison.Ordinal);
        Assert.Contains("Action: relayed", content, StringComparison.Ordinal);
        Assert.DoesNotContain("x@example.net", content.Split("Content-Description: Undelivered Message")[0], StringComparison.Ordinal);
        Assert.Single(queue.Lines("bounce"), l => l.StartsWith($"{id}: sender delivery status notification: ", StringComparison.Ordinal));
        Assert.DoesNotContain(queue.Lines("bounce"), l => l.Contains("non-delivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bounce_of_a_bounce_goes_to_the_postmaster_when_notify_classes_asks()
    {
        await using var queue = new QueueHarness();
        queue.Settings = queue.Settings with { NotifyClasses = ["resource", "software", "2bounce"] };
        var local = FakeAgent.Delivering();
        var id = queue.Put(string.Empty, "x@example.net");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 1, "postmaster notice delivered");
        var (request, _, content) = Assert.Single(local.Requests);
        Assert.Equal("double-bounce@example.org", request.Sender);
        Assert.Equal("postmaster@example.org", Assert.Single(request.Recipients).Address);
        Assert.Contains("Subject: Postmaster Copy: Undelivered Mail", content, StringComparison.Ordinal);
        Assert.Matches($"^{id}: postmaster non-delivery notification: {request.QueueId}$", Assert.Single(queue.Lines("bounce")));
    }

    [Fact]
    public async Task Bounce_of_a_bounce_is_dropped_with_postfix_default_notify_classes()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        var id = queue.Put(string.Empty, "x@example.net");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.Lines("qmgr").Contains($"{id}: removed"), "removed");
        Assert.True(queue.QueueIsEmpty());
        Assert.Empty(local.Requests);
        Assert.Empty(queue.Lines("bounce"));
    }

    [Fact]
    public async Task Undeliverable_postmaster_notice_is_discarded()
    {
        await using var queue = new QueueHarness();
        var local = FakeAgent.Delivering();
        var id = queue.Put("double-bounce@example.org", "x@example.net");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.Lines("qmgr").Contains($"{id}: removed"), "removed");
        Assert.True(queue.QueueIsEmpty());
        Assert.Empty(local.Requests);
        Assert.Equal([$"warning: {id}: undeliverable postmaster notification discarded"], queue.Lines("bounce"));
    }

    [Fact]
    public async Task Notify_classes_bounce_sends_the_postmaster_a_headers_only_copy()
    {
        await using var queue = new QueueHarness();
        queue.Settings = queue.Settings with { NotifyClasses = ["bounce"] };
        var local = FakeAgent.Delivering();
        var id = queue.Put("jose@example.org", "x@example.net");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.QueueIsEmpty() && local.Requests.Count == 2, "both notices delivered");
        var copy = Assert.Single(local.Requests, r => r.Request.Recipients[0].Address == "postmaster@example.org");
        Assert.Equal("double-bounce@example.org", copy.Request.Sender);
        Assert.Contains("Content-Type: text/rfc822-headers", copy.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Body line", copy.Content, StringComparison.Ordinal);
        Assert.Equal(2, queue.Lines("bounce").Count(l => l.StartsWith(id + ": ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Soft_bounce_defers_instead_of_bouncing()
    {
        await using var queue = new QueueHarness();
        queue.Settings = queue.Settings with { SoftBounce = true };
        var local = FakeAgent.Delivering();
        var id = queue.Put("jose@example.org", "x@example.net");
        queue.StartManager(new Dictionary<string, IDeliveryAgent> { ["smtp"] = Rejecting(), ["local"] = local });

        await QueueHarness.Eventually(() => queue.Files(QueueName.Deferred).Contains(id), "deferred");
        Assert.Contains($"{id}: to=<x@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=0, delays=0/0/0/0, dsn=4.1.1, status=deferred ({NoSuchUser})", queue.Lines("smtp"));
        Assert.Empty(local.Requests);
    }

    private static string RunPython(string input, string script)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(string.Join("\n", script.Split('\n').Select(l => l.Trim())));
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input.Replace("\n", "\r\n", StringComparison.Ordinal));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "python3 timed out");
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
