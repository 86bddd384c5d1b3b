using System.Runtime.InteropServices;

namespace Estafeta.Queue;

/// <summary>What the managed file API lacks: fsync of a directory, so that a rename is durable.</summary>
internal static partial class NativeFileSystem
{
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

    private static IOException ErrnoException(string operation, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
