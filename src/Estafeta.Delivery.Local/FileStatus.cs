namespace Estafeta.Delivery.Local;

/// <summary>What fstat/lstat say about a file, read through statx(2) because its layout is the same on
/// every Linux architecture (struct stat is not).</summary>
internal readonly record struct FileStatus(uint Mode, uint LinkCount, uint UserId, uint GroupId, ulong Inode, ulong Device, long Size, DateTimeOffset ModifiedAt)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    private const uint TypeMask = 0xF000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    /// <summary>A short word for the log: "symbolic link", "directory", "fifo", ...</summary>
    public string KindName => (Mode & TypeMask) switch
    {
        0x8000 => "regular file",
        0x4000 => "directory",
        0xA000 => "symbolic link",
        0x1000 => "fifo",
        0xC000 => "socket",
        0x2000 => "character device",
        0x6000 => "block device",
        _ => "unknown file type",
    };

    /// <summary>fstat(fd); null with errno set on failure.</summary>
    public static FileStatus? OfDescriptor(int fd) => Read(fd, string.Empty, AtEmptyPath);

    /// <summary>lstat(path): a symbolic link is reported as itself.</summary>
    public static FileStatus? OfLink(string path) => Read(AtFdCwd, path, AtSymlinkNoFollow);

    private static unsafe FileStatus? Read(int directoryFd, string path, int flags)
    {
        // struct statx is 256 bytes; offsets from linux/stat.h.
        var buffer = stackalloc byte[256];
        if (LibC.Statx(directoryFd, path, flags, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        var nlink = *(uint*)(buffer + 16);
        var uid = *(uint*)(buffer + 20);
        var gid = *(uint*)(buffer + 24);
        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var mtimeSeconds = *(long*)(buffer + 112);
        var devMajor = *(uint*)(buffer + 136);
        var devMinor = *(uint*)(buffer + 140);
        return new FileStatus(mode, nlink, uid, gid, inode, ((ulong)devMajor << 32) | devMinor, size, DateTimeOffset.FromUnixTimeSeconds(mtimeSeconds));
    }
}
