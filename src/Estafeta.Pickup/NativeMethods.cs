using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Estafeta.Pickup;

/// <summary>What the managed API lacks for the drop folder: O_EXCL|O_NOFOLLOW opens, the owner of an open
/// file (statx: one layout on every Linux architecture), the real uid and the password database.</summary>
internal static partial class NativeMethods
{
    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONonBlock = 0x800;
    public const int OCloexec = 0x80000;
    public const int ENoent = 2;
    public const int EAcces = 13;
    public const int ELoop = 40;

    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxBufferSize = 256;

    // O_NOFOLLOW and O_DIRECTORY differ between Linux architectures.
    public static int ONoFollow => RuntimeInformation.OSArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    private static int ODirectory => RuntimeInformation.OSArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>open(2); the handle owns the descriptor. Throws IOException (HResult = errno) on failure.</summary>
    public static SafeFileHandle OpenFile(string path, int flags, int mode)
    {
        var fd = Open(path, flags | OCloexec, mode);
        if (fd < 0)
        {
            throw ErrnoException("open", path);
        }

        return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
    }

    /// <summary>fstat of an open file, via statx(fd, "", AT_EMPTY_PATH).</summary>
    public static FileOwnership StatOpenFile(SafeFileHandle handle, string pathForErrors)
    {
        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) != 0)
            {
                throw ErrnoException("fstat", pathForErrors);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        // struct statx: stx_nlink at 16, stx_uid at 20, stx_mode (u16) at 28, stx_size at 40.
        var nlink = BitConverter.ToUInt32(buffer[16..]);
        var uid = BitConverter.ToUInt32(buffer[20..]);
        var mode = BitConverter.ToUInt16(buffer[28..]);
        var size = BitConverter.ToInt64(buffer[40..]);
        return new FileOwnership(uid, mode, nlink, size);
    }

    /// <summary>fsync of a directory, so that a rename in it is durable.</summary>
    public static void FsyncDirectory(string path)
    {
        using var handle = OpenFile(path, ORdOnly | ODirectory, 0);
        FsyncFile(handle, path);
    }

    public static void FsyncFile(SafeFileHandle handle, string pathForErrors)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Fsync((int)handle.DangerousGetHandle()) != 0)
            {
                throw ErrnoException("fsync", pathForErrors);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>rename(2); throws IOException (HResult = errno).</summary>
    public static void Rename(string from, string to)
    {
        if (RenameFile(from, to) != 0)
        {
            throw ErrnoException("rename", from);
        }
    }

    /// <summary>syncfs(2) of the file system that holds the open file.</summary>
    public static void SyncFileSystem(SafeFileHandle handle, string pathForErrors)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (SyncFs((int)handle.DangerousGetHandle()) != 0)
            {
                throw ErrnoException("syncfs", pathForErrors);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public static uint RealUserId() => GetUid();

    public static uint EffectiveUserId() => GetEuid();

    /// <summary>The login name and GECOS field of a uid (getpwuid), or null when the uid has no entry.</summary>
    public static (string Name, string Gecos)? LookUpUser(uint uid)
    {
        var entry = GetPwUid(uid);
        if (entry == IntPtr.Zero)
        {
            return null;
        }

        // struct passwd on LP64: pw_name, pw_passwd (pointers), pw_uid, pw_gid (u32), pw_gecos (pointer at 24).
        var name = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, 0)) ?? string.Empty;
        var gecos = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, 24)) ?? string.Empty;
        return (name, gecos);
    }

    public static IOException ErrnoException(string operation, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameFile(string from, string to);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getpwuid", SetLastError = true)]
    private static partial IntPtr GetPwUid(uint uid);
}

/// <summary>What fstat says about an open file: its owner, mode bits (with the type), links and size.</summary>
internal readonly record struct FileOwnership(uint UserId, ushort Mode, uint LinkCount, long Size)
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;

    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    /// <summary>Permission bits for group and others (a drop file must have none).</summary>
    public int GroupOrOtherBits => Mode & 0x3F;
}
