namespace Estafeta.IntegrationTests;

/// <summary>The strace order check itself: it accepts the safe order and catches each unsafe one.</summary>
public sealed class DurabilityStraceEventsTests
{
    private static readonly string[] SafeTrace =
    [
        "100 openat(AT_FDCWD, \"/q/tmp/ABC\", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600) = 140",
        "100 sendto(131, \"354 End data with <CR><LF>.<CR><\"..., 37, 0, NULL, 0) = 37",
        "101 pwrite64(140, \"V\\0\\0\\0\"..., 729, 0) = 729",
        "101 fsync(140 <unfinished ...>",
        "100 write(65, \"log line\"..., 8) = 8",
        "101 <... fsync resumed>)                        = 0",
        "101 rename(\"/q/tmp/ABC\", \"/q/incoming/ABC\") = 0",
        "101 openat(AT_FDCWD, \"/q/incoming\", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 140",
        "101 fsync(140)                        = 0",
        "101 sendto(131, \"250 2.0.0 Ok: queued as ABC\\r\\n\", 29, 0, NULL, 0) = 29",
    ];

    [Fact]
    public void Safe_order_passes() =>
        Assert.Null(StraceEvents.FindDurabilityOrderViolation(SafeTrace, "ABC"));

    [Fact]
    public void Reply_before_directory_fsync_is_caught() =>
        Assert.NotNull(StraceEvents.FindDurabilityOrderViolation(Move(SafeTrace, from: 9, to: 8), "ABC"));

    [Fact]
    public void Rename_before_file_fsync_is_caught() =>
        Assert.NotNull(StraceEvents.FindDurabilityOrderViolation(Move(SafeTrace, from: 6, to: 3), "ABC"));

    [Fact]
    public void Missing_file_fsync_is_caught() =>
        Assert.NotNull(StraceEvents.FindDurabilityOrderViolation(SafeTrace.Where((_, i) => i is not 3 and not 5), "ABC"));

    [Fact]
    public void Fsync_of_the_directory_fd_does_not_count_as_the_file_fsync()
    {
        // Only the directory is fsynced (fd 140 reused after the openat of incoming/): the file fsync is missing.
        var trace = SafeTrace.Where((_, i) => i is not 3 and not 5).ToArray();
        Assert.Contains("queue file", StraceEvents.FindDurabilityOrderViolation(trace, "ABC"), StringComparison.Ordinal);
    }

    private static string[] Move(string[] lines, int from, int to)
    {
        var list = lines.ToList();
        var line = list[from];
        list.RemoveAt(from);
        list.Insert(to, line);
        return [.. list];
    }
}
