namespace Estafeta.Cleanup.Tests;

public sealed class QueueSpaceTests
{
    [Fact]
    public void Enough_space_gives_no_reply()
    {
        using var harness = new CleanupHarness(new CleanupSettings { MyHostname = "h", MessageSizeLimit = 1000 });
        Assert.Null(harness.Service.CheckQueueSpace(500));
    }

    [Fact]
    public void Less_than_one_and_a_half_size_limits_free_is_insufficient_storage()
    {
        using var harness = new CleanupHarness(new CleanupSettings { MyHostname = "h", MessageSizeLimit = long.MaxValue / 4 });
        Assert.Equal("452 4.3.1 Insufficient system storage", harness.Service.CheckQueueSpace(0)?.Summary);
    }

    [Fact]
    public void Queue_minfree_and_declared_size_count()
    {
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;
        using var minfree = new CleanupHarness(new CleanupSettings { MyHostname = "h", MessageSizeLimit = 0, QueueMinFree = free * 2 });
        Assert.NotNull(minfree.Service.CheckQueueSpace(0));
        using var declared = new CleanupHarness(new CleanupSettings { MyHostname = "h", MessageSizeLimit = 0 });
        Assert.NotNull(declared.Service.CheckQueueSpace(free * 2));
        Assert.Null(declared.Service.CheckQueueSpace(1));
    }
}
