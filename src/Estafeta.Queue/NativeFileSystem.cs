using System.Runtime.InteropServices;

namespace Estafeta.Queue;

/// <summary>What the managed file API lacks: fsync of a directory, so that a rename is durable; rename without the
/// checks File.Move adds (two lstat calls) and without replacing (RENAME_NOREPLACE); truncate by name.</summary>
internal static partial class NativeFileSystem
{
    public const int ENOENT = 2;
    private const int AtFdCwd = -100;
    private const uint RenameNoReplaceFlag = 1;

    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000;

    // O_DIRECTORY differs between Linux architectures.
    private static int ODirectory => RuntimeInformation.OSArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>open(dir, O_RDONLY|O_DIRECTORY) + fsync + close; throws IOException carrying the errno.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = Open(path, ORdOnly | ODirectory | OCloexec);
        if (fd < 0)
        {
            throw ErrnoException("open", path);
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw ErrnoException("fsync", path);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>rename(2); returns 0 or the errno.</summary>
    public static int Rename(string from, string to) => RenameNative(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>renameat2(RENAME_NOREPLACE): fails with EEXIST instead of replacing; returns 0 or the errno.</summary>
    public static int RenameNoReplace(string from, string to) =>
        RenameAt2(AtFdCwd, from, AtFdCwd, to, RenameNoReplaceFlag) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>truncate(path, 0); returns 0 or the errno.</summary>
    public static int Truncate(string path) => TruncateNative(path, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static IOException ErrnoException(string operation, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "truncate", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int TruncateNative(string path, long length);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
