// What stat/lstat say about a .forward, :include: or alias file: type, owner, permission bits.
// Read through statx(2), whose layout is the same on every Linux architecture (struct stat is not).
// Trusts: the kernel. Must never: open the file; this only looks at it.
using System.Runtime.InteropServices;

namespace Estafeta.Aliases;

internal readonly partial record struct FileFacts(uint Mode, uint UserId, uint GroupId)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const uint TypeMask = 0xF000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsWorldWritable => (Mode & 0x2) != 0;

    /// <summary>lstat(path): a symbolic link is reported as itself. Null when the path cannot be looked at.</summary>
    public static FileFacts? OfLink(string path) => Read(AtFdCwd, path, AtSymlinkNoFollow);

    /// <summary>stat(path): symbolic links followed. Null when the path cannot be looked at.</summary>
    public static FileFacts? Of(string path) => Read(AtFdCwd, path, 0);

    /// <summary>fstat(fd): the file that was actually opened.</summary>
    public static FileFacts? OfDescriptor(int fd) => Read(fd, string.Empty, AtEmptyPath);

    private static unsafe FileFacts? Read(int directoryFd, string path, int flags)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statx is 256 bytes; stx_uid at 20, stx_gid at 24, stx_mode at 28 (linux/stat.h).
        var buffer = stackalloc byte[256];
        if (Statx(directoryFd, path, flags, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        return new FileFacts(*(ushort*)(buffer + 28), *(uint*)(buffer + 20), *(uint*)(buffer + 24));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
