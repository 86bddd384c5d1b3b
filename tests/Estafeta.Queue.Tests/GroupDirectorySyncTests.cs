namespace Estafeta.Queue.Tests;

public sealed class GroupDirectorySyncTests
{
    [Fact]
    public async Task Concurrent_callers_all_return_after_a_successful_sync()
    {
        using var dir = new TempDirectory();
        var sync = new GroupDirectorySync(dir.Path);

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(sync.Sync)).ToArray();

        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(callers, c => Assert.True(c.IsCompletedSuccessfully));
    }

    [Fact]
    public void A_failed_sync_is_reported_to_its_caller_and_the_next_caller_tries_again()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "gone");
        var sync = new GroupDirectorySync(missing);

        Assert.Throws<IOException>(sync.Sync);
        Directory.CreateDirectory(missing);
        sync.Sync();
    }
}
