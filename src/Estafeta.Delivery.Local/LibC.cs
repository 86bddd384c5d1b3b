using System.Runtime.InteropServices;

namespace Estafeta.Delivery.Local;

/// <summary>The libc calls the managed file API lacks: O_NOFOLLOW opens, statx, fchown, fcntl record locks,
/// ftruncate, fdatasync, kill of a process group. Every wrapper returns -1 and leaves errno on failure.</summary>
internal static partial class LibC
{
    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int OAppend = 0x400;
    public const int ONonBlock = 0x800;
    public const int OCloexec = 0x80000;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int EAGAIN = 11;
    public const int ELOOP = 40;
    public const int EDQUOT = 122;
    public const int ESRCH = 3;

    public const int SigKill = 9;

    private const int FSetLk = 6;
    private const short FWrLck = 1;
    private const short FUnLck = 2;

    // O_NOFOLLOW and O_DIRECTORY differ between Linux architectures.
    public static int ONoFollow => IsArm ? 0x8000 : 0x20000;

    public static int ODirectory => IsArm ? 0x4000 : 0x10000;

    private static bool IsArm => RuntimeInformation.OSArchitecture is Architecture.Arm64 or Architecture.Arm;

    public static int LastErrno => Marshal.GetLastPInvokeError();

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static int Open(string path, int flags, uint mode)
    {
        int fd;
        do
        {
            fd = OpenNative(path, flags, mode);
        }
        while (fd < 0 && LastErrno == EINTR);
        return fd;
    }

    /// <summary>write(2) until everything is written; false with errno on failure.</summary>
    public static unsafe bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var written = WriteNative(fd, start + done, (nint)(data.Length - done));
                if (written < 0)
                {
                    if (LastErrno == EINTR)
                    {
                        continue;
                    }

                    return false;
                }

                done += (int)written;
            }
        }

        return true;
    }

    /// <summary>F_SETLK write lock (or unlock) on the whole file: the POSIX record lock that mutt, Dovecot and
    /// liblockfile users take (flock(2), which .NET's FileStream.Lock uses, is a different lock on Linux).</summary>
    public static unsafe int TryLockWholeFile(int fd, bool unlock)
    {
        // struct flock on 64-bit Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid (32 bytes).
        var flock = stackalloc byte[32];
        new Span<byte>(flock, 32).Clear();
        *(short*)flock = unlock ? FUnLck : FWrLck;
        return FcntlLock(fd, FSetLk, flock);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static unsafe partial int FcntlLock(int fd, int command, byte* flock);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int FdataSync(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string newPath);

    /// <summary>utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW): both times set to now.</summary>
    public static int TouchNoFollow(string path) => Utimensat(-100, path, 0, 0x100);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Utimensat(int directoryFd, string path, nint times, int flags);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetGroupByName(string name);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
