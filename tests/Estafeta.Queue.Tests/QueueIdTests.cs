using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Queue.Tests;

public sealed class QueueIdTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Hundred_thousand_ids_are_unique_and_postfix_shaped()
    {
        var generator = new QueueIdGenerator(TimeProvider.System);
        var seen = new HashSet<string>();
        for (var i = 0; i < 100_000; i++)
        {
            var id = generator.Next();
            Assert.Matches("^[0-9A-F]{12}$", id);
            Assert.True(seen.Add(id), $"duplicate {id}");
        }
    }

    [Fact]
    public void Two_stores_on_one_queue_never_hand_out_the_same_id()
    {
        var first = new QueueStore(_dir.Path, TimeProvider.System, NullLoggerFactory.Instance);
        var second = new QueueStore(_dir.Path, TimeProvider.System, NullLoggerFactory.Instance);
        var seen = new HashSet<string>();
        Parallel.For(0, 2, worker =>
        {
            var store = worker == 0 ? first : second;
            var local = new List<string>();
            for (var i = 0; i < 5_000; i++)
            {
                local.Add(store.NewQueueId());
            }

            lock (seen)
            {
                foreach (var id in local)
                {
                    Assert.True(seen.Add(id), $"duplicate {id}");
                }
            }
        });
        Assert.Equal(10_000, seen.Count);
    }

    [Fact]
    public void An_id_already_on_disk_is_skipped_even_when_the_clock_went_back()
    {
        // The clock stands still in the future, as after a step back from a later time: the next ids are
        // predictable, and two of them are already taken by files left from "before".
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(2));
        var last = Convert.ToInt64(new QueueIdGenerator(time).Next(), 16);
        var store = new QueueStore(_dir.Path, time, NullLoggerFactory.Instance);
        var taken = new[] { last + 1, last + 2 }.Select(v => v.ToString("X12", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        File.WriteAllText(store.PathOf(QueueName.Deferred, taken[0]), "");
        File.WriteAllText(store.PathOf(QueueName.Hold, taken[1]), "");

        var id = store.NewQueueId();

        Assert.DoesNotContain(id, taken);
        Assert.Null(store.Find(id));
    }

    [Fact]
    public void Ids_follow_the_clock_so_a_restart_does_not_repeat_them()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
        var generator = new QueueIdGenerator(time);
        var before = generator.Next();
        time.Advance(TimeSpan.FromSeconds(1));
        var after = new QueueIdGenerator(time).Next();
        Assert.True(string.CompareOrdinal(after, before) > 0, $"{after} should sort after {before}");
    }

    [Theory]
    [InlineData("3F1A2B4C5D", true)]
    [InlineData("3F1A2B4C5D6E", true)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("3f1a2b4c5d", false)]
    [InlineData("", false)]
    public void Only_well_formed_ids_become_paths(string id, bool wellFormed)
    {
        var store = new QueueStore(_dir.Path, TimeProvider.System, NullLoggerFactory.Instance);
        Assert.Equal(wellFormed, QueueIdGenerator.IsWellFormed(id));
        if (!wellFormed)
        {
            Assert.Throws<ArgumentException>(() => store.PathOf(QueueName.Incoming, id));
            Assert.Null(store.Find(id));
        }
    }
}
