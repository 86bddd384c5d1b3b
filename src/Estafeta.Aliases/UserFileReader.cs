// Reads a .forward or :include: file with the rights of the user it is read for, as Postfix's open_as()
// does, so that no one can :include: a file they could not read themselves (/etc/shadow, another
// user's private file). As root it switches the file-system uid/gid of this thread only (setfsuid,
// setfsgid: per-thread in Linux) and also checks the permission bits against the user's own uid and
// primary gid, because the thread keeps root's supplementary groups.
// Trusts: the kernel. Must never: leave the thread with another uid; must never read without bound.
using System.Runtime.InteropServices;
using System.Text;
using Estafeta.Delivery;
using Microsoft.Win32.SafeHandles;

namespace Estafeta.Aliases;

internal static partial class UserFileReader
{
    /// <summary>Larger files are cut here: a .forward or list file is addresses, not a mailbox.</summary>
    public const int MaxFileBytes = 1 << 20;

    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    /// <summary>The lines of <paramref name="path"/> read as <paramref name="user"/> (null: as the server itself).</summary>
    /// <exception cref="IOException">Cannot open or read; the message is the reason ("Permission denied").</exception>
    public static IReadOnlyList<string> ReadLines(string path, LocalUser? user)
    {
        if (user is null || user.UserId == 0 || !OperatingSystem.IsLinux() || GetEffectiveUserId() != 0)
        {
            return Read(path);
        }

        if (FileFacts.Of(path) is { } facts && !ModeAllows(facts, user))
        {
            throw new IOException("Permission denied");
        }

        _ = SetFileSystemGroupId(user.GroupId);
        _ = SetFileSystemUserId(user.UserId);
        try
        {
            return Read(path);
        }
        finally
        {
            _ = SetFileSystemUserId(0);
            _ = SetFileSystemGroupId(0);
        }
    }

    private static bool ModeAllows(FileFacts facts, LocalUser user)
    {
        var (owner, group, other) = ((facts.Mode & 0x100) != 0, (facts.Mode & 0x20) != 0, (facts.Mode & 0x4) != 0);
        return facts.UserId == user.UserId ? owner : facts.GroupId == user.GroupId ? group : other;
    }

    private static List<string> Read(string path)
    {
        // O_NONBLOCK: a file swapped for a FIFO after the checks must not hang the expansion;
        // what was opened is checked again (fstat) before it is read.
        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FileFacts.OfDescriptor(fd) is not { IsRegularFile: true })
        {
            throw new IOException("not a regular file");
        }

        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var buffer = new byte[MaxFileBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, length);
        return [.. text.Split('\n').Select(line => line.TrimEnd('\r'))];
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "setfsuid")]
    private static partial int SetFileSystemUserId(uint userId);

    [LibraryImport("libc", EntryPoint = "setfsgid")]
    private static partial int SetFileSystemGroupId(uint groupId);
}
