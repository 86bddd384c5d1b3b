namespace Estafeta.Cleanup.Tests;

public sealed class QueueFailureTests
{
    private static string[] BigMessage(int lines) =>
        ["Subject: big", "", .. Enumerable.Repeat(new string('z', 998), lines)];

    [Fact]
    public async Task Full_disk_replies_452_leaves_no_file_and_mail_flows_again_after_space_is_freed()
    {
        using var scratch = new TempDirectory();
        using var tmpfs = TmpfsMount.Create(scratch.Path, "1m");
        using var harness = new CleanupHarness(new CleanupSettings { MyHostname = "h", MessageSizeLimit = 10240000 }, Path.Combine(tmpfs.Path, "queue"));

        // A 1 MiB queue cannot hold 1.5 × message_size_limit: refused at MAIL time.
        Assert.Equal("452 4.3.1 Insufficient system storage", harness.Service.CheckQueueSpace(0)?.Summary);

        var accepted = new List<string>();
        string? refused = null;
        for (var attempt = 0; attempt < 20 && refused is null; attempt++)
        {
            var (reply, id) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), BigMessage(300));
            if (reply.IsPositive)
            {
                accepted.Add(id);
            }
            else
            {
                Assert.Equal("452 4.3.1 Insufficient system storage", reply.Summary);
                refused = id;
            }
        }

        Assert.NotNull(refused);
        Assert.Null(harness.Queue.Find(refused));
        Assert.Empty(Directory.GetFiles(Path.Combine(harness.QueueDirectory, "tmp")));

        foreach (var id in accepted)
        {
            File.Delete(harness.Queue.Find(id)!.Path);
        }

        var (again, _) = await harness.SubmitAsync(Samples.Client, Samples.Envelope("u@example.org"), BigMessage(300));
        Assert.Equal(250, again.Code);
    }

    [Fact]
    public async Task Other_queue_errors_reply_451_and_leave_no_file()
    {
        using var harness = new CleanupHarness();
        var id = harness.Service.NewQueueId();
        await using var writer = harness.Service.Begin(id, Samples.Client, Samples.Envelope("u@example.org"));
        writer.AppendLine("Subject: x"u8);

        // The rename into incoming/ fails (ENOENT): not a space problem, so 451.
        Directory.Delete(Path.Combine(harness.QueueDirectory, "incoming"));
        var reply = await writer.CommitAsync(CancellationToken.None);

        Assert.Equal("451 4.3.0 Error: queue file write error", reply.Summary);
        Assert.Empty(harness.AllQueueFiles());
        Assert.Contains(harness.Logs.Lines, l => l.Text.StartsWith(id + ": queue file write error", StringComparison.Ordinal));
    }
}
