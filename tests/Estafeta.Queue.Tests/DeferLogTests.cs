using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Queue.Tests;

public sealed class DeferLogTests : IDisposable
{
    private const string Refused = "connect to mx.example.net[192.0.2.1]:25: Connection refused";
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 21, 40, 51, TimeSpan.Zero));

    public DeferLogTests() => _time.SetLocalTimeZone(TimeZoneInfo.Utc);

    public void Dispose() => _dir.Dispose();

    private QueueStore NewStore() => new(_dir.Path, _time, NullLoggerFactory.Instance);

    private static QueueEntry Put(QueueStore store, string id, params string[] recipients)
    {
        using var writer = store.Create(id, store.TimeProvider.GetUtcNow(), Samples.Client, Samples.Envelope(recipients), 2048);
        writer.WriteLine("Subject: x"u8);
        Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        return store.Find(id)!;
    }

    [Fact]
    public void Log_round_trips_and_is_replaced_atomically()
    {
        var store = NewStore();
        Assert.Null(store.ReadDeferLog("3F1A2B4C5D"));
        var log = new DeferLog
        {
            Attempts = 3,
            DelayWarningSent = true,
            Recipients = [new RecipientLogEntry(1, "b@example.net", RecipientLogKind.Deferred, "4.4.1", Refused) { Relay = "none", Time = _time.GetUtcNow() }],
        };

        store.WriteDeferLog("3F1A2B4C5D", log);
        store.WriteDeferLog("3F1A2B4C5D", log with { Attempts = 4 });

        var read = store.ReadDeferLog("3F1A2B4C5D")!;
        Assert.Equal(4, read.Attempts);
        Assert.True(read.DelayWarningSent);
        Assert.Equal(log.Recipients, read.Recipients);
        Assert.Equal(["3F1A2B4C5D"], Directory.EnumerateFiles(store.DeferLogDirectory).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(store.DeferLogDirectory, "3F1A2B4C5D")));
    }

    [Fact]
    public void Damaged_log_reads_as_none()
    {
        var store = NewStore();
        File.WriteAllText(Path.Combine(store.DeferLogDirectory, "3F1A2B4C5D"), "{\"Attempts\":");
        Assert.Null(store.ReadDeferLog("3F1A2B4C5D"));
    }

    [Fact]
    public void Remove_deletes_the_message_and_its_log()
    {
        var store = NewStore();
        var entry = Put(store, "3F1A2B4C5D", "a@example.net");
        store.WriteDeferLog(entry.QueueId, DeferLog.Empty with { Attempts = 1 });

        Assert.True(store.Remove(entry));

        Assert.Null(store.Find(entry.QueueId));
        Assert.Null(store.ReadDeferLog(entry.QueueId));
        Assert.False(store.Remove(entry));
    }

    [Fact]
    public void Recovery_removes_logs_whose_message_is_gone()
    {
        var store = NewStore();
        var kept = Put(store, "3F1A2B4C5D", "a@example.net");
        store.WriteDeferLog(kept.QueueId, DeferLog.Empty);
        store.WriteDeferLog("3F1A2B4C5E", DeferLog.Empty);
        File.WriteAllText(Path.Combine(store.DeferLogDirectory, "3F1A2B4C5D.tmp"), "half");

        store.Recover();

        Assert.Equal(["3F1A2B4C5D"], Directory.EnumerateFiles(store.DeferLogDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public void Mailq_shows_the_reason_above_the_recipients_it_applies_to()
    {
        var store = NewStore();
        var entry = Put(store, "3F1A2B4C5D", "a@example.net", "b@example.net", "c@example.org");
        store.Move(entry, QueueName.Deferred);
        store.WriteDeferLog(entry.QueueId, new DeferLog
        {
            Attempts = 1,
            Recipients =
            [
                new RecipientLogEntry(0, "a@example.net", RecipientLogKind.Deferred, "4.4.1", Refused),
                new RecipientLogEntry(1, "b@example.net", RecipientLogKind.Deferred, "4.4.1", Refused),
            ],
        });

        var text = QueueListing.Render(store);

        var expected =
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "3F1A2B4C5D       12 Mon Nov 30 21:40:51  jose@example.org\n" +
            new string(' ', 76 - Refused.Length) + "(" + Refused + ")\n" +
            "                                         a@example.net\n" +
            "                                         b@example.net\n" +
            "                                         c@example.org\n" +
            "\n" +
            "-- 1 Kbytes in 1 Request.\n";
        Assert.Equal(expected, text);
    }
}
