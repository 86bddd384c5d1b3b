using System.Net;
using Estafeta.Core;
using Microsoft.Extensions.Logging;

namespace Estafeta.Cleanup.Tests;

public sealed class CleanupHeaderTests
{
    [Fact]
    public async Task Adds_received_message_id_and_date()
    {
        using var harness = new CleanupHarness();
        var (reply, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("usuario@example.org"), "Subject: hola", "", "cuerpo");

        Assert.Equal($"250 2.0.0 Ok: queued as {id}", reply.Summary);
        var expected =
            "Received: from pc (pc.example.org [192.168.1.20])\n" +
            $"\tby mail.example.org (Estafeta) with ESMTP id {id}\n" +
            "\tfor <usuario@example.org>; Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n" +
            "Subject: hola\n" +
            $"Message-ID: <20261130214051.{id}@mail.example.org>\n" +
            "Date: Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n" +
            "\n" +
            "cuerpo";
        Assert.Equal(expected, harness.StoredText(id));
        Assert.Contains(harness.Logs.Lines, l => l.Category == "cleanup" && l.Text == $"{id}: message-id=<20261130214051.{id}@mail.example.org>");
        Assert.DoesNotContain("From:", harness.StoredText(id));
    }

    [Fact]
    public async Task Received_for_several_recipients_and_ipv6_and_no_helo()
    {
        using var harness = new CleanupHarness();
        harness.Time.Advance(TimeSpan.FromDays(2));
        var client = Samples.Client with { Address = IPAddress.IPv6Loopback, Name = "localhost", Helo = null, Protocol = "SMTP" };
        var (_, id) = await harness.SubmitAsync(client, Samples.Envelope("a@example.org", "b@example.org"), "Subject: x");

        var text = harness.StoredText(id);
        Assert.StartsWith(
            "Received: from localhost (localhost [IPv6:::1])\n" +
            $"\tby mail.example.org (Estafeta) with SMTP id {id}; Wed,  2 Dec 2026 21:40:51 +0000 (UTC)\n" +
            "Subject: x\n",
            text);
    }

    [Fact]
    public async Task Keeps_existing_message_id_and_date_and_drops_bcc()
    {
        using var harness = new CleanupHarness();
        var (reply, id) = await harness.SubmitAsync(
            Samples.Client,
            Samples.Envelope("usuario@example.org"),
            "From: jose@example.org",
            "Bcc: secret@example.org,",
            "  other-secret@example.org",
            "Message-ID:",
            " <abc.123@pc.example.org>",
            "Date: Sun, 29 Nov 2026 10:00:00 +0100",
            "resent-bcc: hidden@example.org",
            "To: usuario@example.org",
            "",
            "Bcc: in the body stays");

        Assert.True(reply.IsPositive);
        var text = harness.StoredText(id);
        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain("hidden", text);
        Assert.EndsWith(
            "From: jose@example.org\n" +
            "Message-ID:\n" +
            " <abc.123@pc.example.org>\n" +
            "Date: Sun, 29 Nov 2026 10:00:00 +0100\n" +
            "To: usuario@example.org\n" +
            "\n" +
            "Bcc: in the body stays",
            text);
        Assert.Contains(harness.Logs.Lines, l => l.Text == $"{id}: message-id=<abc.123@pc.example.org>");
    }

    [Fact]
    public async Task Local_submission_gets_local_received_and_from()
    {
        using var harness = new CleanupHarness();
        var client = new ClientInfo { Address = IPAddress.Loopback, Protocol = "LOCAL", LocalUserId = 1000 };
        var (_, id) = await harness.SubmitAsync(client, Samples.Envelope("root@example.org") with { Sender = "usuario@example.org" }, "Subject: local", "", "hi");

        Assert.Equal(
            "Received: by mail.example.org (Estafeta, from userid 1000)\n" +
            $"\tid {id}; Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n" +
            "Subject: local\n" +
            $"Message-ID: <20261130214051.{id}@mail.example.org>\n" +
            "Date: Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n" +
            "From: usuario@example.org\n" +
            "\n" +
            "hi",
            harness.StoredText(id));
    }

    [Fact]
    public async Task Non_header_line_starts_the_body_after_an_added_empty_line()
    {
        using var harness = new CleanupHarness();
        var (_, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), "Subject: x", "this is not a header", "more");

        Assert.EndsWith($"Subject: x\nMessage-ID: <20261130214051.{id}@mail.example.org>\nDate: Mon, 30 Nov 2026 21:40:51 +0000 (UTC)\n\nthis is not a header\nmore", harness.StoredText(id));
    }

    [Fact]
    public async Task Fifty_received_headers_pass_fifty_one_are_too_many_hops()
    {
        using var harness = new CleanupHarness();
        var fifty = Enumerable.Range(0, 50).Select(i => $"Received: from hop{i}").ToArray();
        var (ok, _) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), [.. fifty, "", "body"]);
        Assert.True(ok.IsPositive);
        var before = harness.AllQueueFiles();

        var (reply, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), ["Received: from hop50", .. fifty, "", "body"]);

        Assert.Equal("554 5.4.0 Error: too many hops", reply.Summary);
        Assert.Equal(before, harness.AllQueueFiles());
        Assert.Null(harness.Queue.Find(id));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Text.StartsWith(id + ": message-id=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Header_size_limit_keeps_a_header_of_exactly_the_limit_and_cuts_a_longer_one()
    {
        using var harness = new CleanupHarness(new CleanupSettings { MyHostname = "mail.example.org", HeaderSizeLimit = 100 });
        var exact = "X-Exact: " + new string('a', 100 - 9 - 10);
        var exactFolded = new[] { exact, " " + new string('b', 9) };
        var tooLong = "X-Long: " + new string('c', 150);
        var (_, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), [.. exactFolded, tooLong, " continuation dropped", "Subject: after", "", "body"]);

        var lines = harness.StoredText(id).Split('\n');
        Assert.Equal(100, exactFolded.Sum(l => l.Length));
        Assert.Contains(exactFolded[0], lines);
        Assert.Contains(exactFolded[1], lines);
        Assert.Contains("X-Long: " + new string('c', 92), lines);
        Assert.DoesNotContain(lines, l => l.Contains("continuation dropped", StringComparison.Ordinal));
        Assert.Contains("Subject: after", lines);
        Assert.Equal("body", lines[^1]);
    }

    [Fact]
    public async Task Long_lines_are_folded_in_the_queue_and_rebuilt()
    {
        using var harness = new CleanupHarness(new CleanupSettings { MyHostname = "mail.example.org", LineLengthLimit = 100 });
        var longLine = new string('q', 5000);
        var (_, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), "Subject: x", "", longLine, "end");

        Assert.EndsWith("\n\n" + longLine + "\nend", harness.StoredText(id));
    }

    [Fact]
    public async Task Size_counts_what_the_client_sent()
    {
        using var harness = new CleanupHarness();
        var id = harness.Service.NewQueueId();
        await using var writer = harness.Service.Begin(id, Samples.Client, Samples.Envelope("u@example.org"));
        writer.AppendLine("Subject: x"u8);
        writer.AppendLine(""u8);
        writer.AppendLine("body"u8);
        Assert.Equal(10 + 2 + 2 + 4 + 2, writer.Size);
        Assert.Equal(id, writer.QueueId);
    }

    [Fact]
    public async Task Message_over_the_size_limit_is_refused_and_not_queued()
    {
        using var harness = new CleanupHarness(new CleanupSettings { MyHostname = "mail.example.org", MessageSizeLimit = 50 });
        var (reply, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), "Subject: x", "", new string('a', 60));

        Assert.Equal("552 5.3.4 Message size exceeds fixed limit", reply.Summary);
        Assert.Null(harness.Queue.Find(id));
        Assert.Contains(harness.Logs.Lines, l => l.Category == "cleanup" && l.Level == LogLevel.Information && l.Text.StartsWith(id + ": reject: 552", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_without_commit_leaves_nothing()
    {
        using var harness = new CleanupHarness();
        var id = harness.Service.NewQueueId();
        await using (var writer = harness.Service.Begin(id, Samples.Client, Samples.Envelope("u@example.org")))
        {
            writer.AppendLine("Subject: x"u8);
            Assert.Single(harness.AllQueueFiles());
        }

        Assert.Empty(harness.AllQueueFiles());
    }
}
