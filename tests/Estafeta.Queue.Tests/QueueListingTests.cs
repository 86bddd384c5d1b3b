using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Queue.Tests;

public sealed class QueueListingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 21, 40, 51, TimeSpan.Zero));

    public QueueListingTests() => _time.SetLocalTimeZone(TimeZoneInfo.Utc);

    public void Dispose() => _dir.Dispose();

    private void Put(QueueStore store, string id, DateTimeOffset arrival, string sender, int bodyBytes, params string[] recipients)
    {
        using var writer = store.Create(id, arrival, Samples.Client, Samples.Envelope(recipients) with { Sender = sender }, 2048);
        writer.WriteLine(Enumerable.Repeat((byte)'a', bodyBytes - 2).ToArray());
        Assert.Equal(QueueCommitResult.Committed, writer.Commit());
    }

    [Fact]
    public void Empty_queue()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        Assert.Equal("Mail queue is empty\n", QueueListing.Render(store));
    }

    [Fact]
    public void Listing_has_mailq_columns()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        Put(store, "3F1A2B4C5D", _time.GetUtcNow(), "jose@example.org", 421, "usuario@example.org");
        Put(store, "3F1A2B4C5E", new DateTimeOffset(2026, 12, 2, 8, 5, 9, TimeSpan.Zero), "", 1500, "a@example.org", "b@example.org");
        Put(store, "3F1A2B4C5F", new DateTimeOffset(2026, 12, 2, 8, 5, 9, TimeSpan.Zero), "x@example.org", 2000, "c@example.org");
        store.Move(store.Find("3F1A2B4C5E")!, QueueName.Active);
        store.Move(store.Find("3F1A2B4C5F")!, QueueName.Hold);

        var expected =
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "3F1A2B4C5D      421 Mon Nov 30 21:40:51  jose@example.org\n" +
            "                                         usuario@example.org\n" +
            "\n" +
            "3F1A2B4C5E*    1500 Wed Dec  2 08:05:09  MAILER-DAEMON\n" +
            "                                         a@example.org\n" +
            "                                         b@example.org\n" +
            "\n" +
            "3F1A2B4C5F!    2000 Wed Dec  2 08:05:09  x@example.org\n" +
            "                                         c@example.org\n" +
            "\n" +
            "-- 4 Kbytes in 3 Requests.\n";
        Assert.Equal(expected, QueueListing.Render(store));
    }

    [Fact]
    public void Single_request_and_delivered_recipients_hidden()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        Put(store, "3F1A2B4C5D", _time.GetUtcNow(), "jose@example.org", 421, "usuario@example.org", "done@example.org");
        var path = store.PathOf(QueueName.Incoming, "3F1A2B4C5D");
        QueueFile.UpdateRecipientStatus(path, QueueFile.Open(path).Recipients[1], RecipientStatus.Done);

        var text = QueueListing.Render(store);

        Assert.EndsWith("usuario@example.org\n\n-- 1 Kbytes in 1 Request.\n", text);
        Assert.DoesNotContain("done@example.org", text);
    }

    [Fact]
    public void Show_prints_envelope_and_content()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        using (var writer = store.Create("3F1A2B4C5D", _time.GetUtcNow(), Samples.Client, Samples.Envelope("usuario@example.org"), 2048))
        {
            writer.WriteLine("Subject: hola"u8);
            writer.WriteLine(""u8);
            writer.WriteLine("cuerpo"u8);
            Assert.Equal(QueueCommitResult.Committed, writer.Commit());
        }

        var text = QueueShow.Render(QueueFile.Open(store.PathOf(QueueName.Incoming, "3F1A2B4C5D")));

        Assert.Contains("*** ENVELOPE RECORDS 3F1A2B4C5D ***\n", text);
        Assert.Contains("message_arrival_time: Mon Nov 30 21:40:51 2026 UTC\n", text);
        Assert.Contains("named_attribute: client_address=192.168.1.20\n", text);
        Assert.Contains("sender: jose@example.org\nrecipient: usuario@example.org\n", text);
        Assert.Contains("*** MESSAGE CONTENTS 3F1A2B4C5D ***\nSubject: hola\n\ncuerpo\n*** HEADER EXTRACTED 3F1A2B4C5D ***\n", text);
        Assert.EndsWith("*** MESSAGE FILE END 3F1A2B4C5D ***\n", text);
    }

    [Fact]
    public void Torn_file_is_left_out_of_the_listing()
    {
        var store = new QueueStore(_dir.Path, _time, NullLoggerFactory.Instance);
        Put(store, "3F1A2B4C5D", _time.GetUtcNow(), "jose@example.org", 421, "usuario@example.org");
        Put(store, "3F1A2B4C5E", _time.GetUtcNow(), "jose@example.org", 421, "otro@example.org");
        var torn = store.PathOf(QueueName.Incoming, "3F1A2B4C5E");
        File.WriteAllBytes(torn, File.ReadAllBytes(torn)[..^10]);

        var text = QueueListing.Render(store);

        Assert.Contains("3F1A2B4C5D", text);
        Assert.DoesNotContain("3F1A2B4C5E", text);
        Assert.EndsWith("-- 1 Kbytes in 1 Request.\n", text);
    }
}
