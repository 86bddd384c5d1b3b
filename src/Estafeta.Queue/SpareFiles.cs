// Recycled queue files. Creating a file allocates an inode, and deleting one frees it; on ext4 that is the most
// expensive thing a message costs the kernel (the allocator scans the inode bitmap, under the directory's lock, and
// without a journal it also skips every inode freed in the last 30 s). A delivered message's file is therefore
// renamed into spare/ and truncated, and the next message takes it back with a rename: no inode is allocated or freed.
// The pool is filled with empty files at start, in the background (Fill), and refilled by deliveries.
// Trusts: rename(2) and truncate(2); that nothing but this class touches spare/. Must never: hand out a file that
// still holds an old message (it is truncated when kept and opened with O_TRUNC when reused), replace an existing
// file when it renames a spare into place (renameat2 RENAME_NOREPLACE, like O_EXCL), or keep more than Capacity files.
using System.Collections.Concurrent;

namespace Estafeta.Queue;

internal sealed class SpareFiles
{
    /// <summary>Enough for the bursts of a busy server; beyond it a delivered file is simply unlinked.</summary>
    public const int Capacity = 1024;

    public const string DirectoryName = "spare";

    private readonly string _directory;
    private readonly ConcurrentStack<string> _names = new();
    private int _count;

    public SpareFiles(string queueDirectory, UnixFileMode directoryMode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the queue needs POSIX file modes");
        }

        _directory = Path.Combine(queueDirectory, DirectoryName);
        Directory.CreateDirectory(_directory, directoryMode);
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (_count < Capacity)
            {
                _names.Push(Path.GetFileName(path));
                _count++;
            }
            else
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Creates empty spare files until there are <see cref="Capacity"/>, so that a burst right after the
    /// start (or bigger than what deliveries give back) allocates no inode while clients wait. For a background
    /// thread at start; stops at the first error (a full disk: then messages simply create their files).</summary>
    public int Fill()
    {
        var created = 0;
        if (OperatingSystem.IsWindows())
        {
            return created;
        }

        var stamp = Environment.TickCount64;
        while (Volatile.Read(ref _count) < Capacity)
        {
            var name = $"new.{stamp}.{created}";
            try
            {
                using (File.Open(Path.Combine(_directory, name), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                break;
            }

            Interlocked.Increment(ref _count);
            _names.Push(name);
            created++;
        }

        return created;
    }

    /// <summary>Renames a spare file to <paramref name="path"/>, which must not exist; false when there is none
    /// (the caller creates a new file). Throws IOException when <paramref name="path"/> exists.</summary>
    public bool TryTake(string path)
    {
        while (_names.TryPop(out var name))
        {
            Interlocked.Decrement(ref _count);
            var errno = NativeFileSystem.RenameNoReplace(Path.Combine(_directory, name), path);
            if (errno == 0)
            {
                return true;
            }

            if (errno != NativeFileSystem.ENOENT)
            {
                throw new IOException($"rename spare file to {path}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }

        return false;
    }

    /// <summary>Moves the file at <paramref name="path"/> into spare/ and empties it, instead of unlinking it.</summary>
    /// <returns>Kept, Full (the caller unlinks the file) or Missing (there was no file).</returns>
    public KeepResult TryKeep(string path, string name)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return KeepResult.Full;
        }

        var spare = Path.Combine(_directory, name);
        var errno = NativeFileSystem.Rename(path, spare);
        if (errno != 0)
        {
            Interlocked.Decrement(ref _count);
            return errno == NativeFileSystem.ENOENT ? KeepResult.Missing : KeepResult.Full;
        }

        if (NativeFileSystem.Truncate(spare) != 0)
        {
            // An old message must not wait in spare/ at full size: give the file up.
            Interlocked.Decrement(ref _count);
            File.Delete(spare);
            return KeepResult.Kept;
        }

        _names.Push(name);
        return KeepResult.Kept;
    }

    public enum KeepResult
    {
        Kept,
        Full,
        Missing,
    }
}
