// Appends one message to an mbox file (a /var/mail spool file, a home mailbox or a "/path" alias target).
// Trusts: nothing at the path: it may be a symlink, a hard link, a FIFO, a directory or someone else's file.
// Must never: write through any of those, leave a half-written message behind, or report Sent before fdatasync.
using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Local;

internal sealed partial class MboxWriter(LocalDeliverySettings settings, TimeProvider time, ILogger logger, MailboxLocks locks)
{
    private const uint NewFileMode = 0x180; // 0600

    /// <summary>Locks (in-process gate, optional dot-lock, fcntl), checks, appends, syncs; truncates back on failure.</summary>
    public async Task<TargetResult> AppendAsync(string path, MailboxOwner owner, bool dotLock, LocalMessage message, CopyOptions options, CancellationToken cancellationToken)
    {
        using var gate = await locks.EnterAsync(path, cancellationToken).ConfigureAwait(false);
        var prefix = $"cannot update mailbox {path} for user {owner.UserName}.";
        var lockPath = path + ".lock";
        if (dotLock)
        {
            var inSpool = string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(settings.MailSpoolDirectory), StringComparison.Ordinal);
            var linkSource = inSpool ? Path.Combine(settings.MailSpoolDirectory, DotLock.LinkSourceName) : null;
            var lockError = await DotLock.AcquireAsync(lockPath, linkSource, settings, time, logger, cancellationToken).ConfigureAwait(false);
            if (lockError is not null)
            {
                return TargetResult.Defer("4.2.0", $"{prefix} {lockError}");
            }
        }

        try
        {
            var (fd, refusal) = OpenChecked(path, owner);
            if (fd < 0)
            {
                if (refusal is not null)
                {
                    LogRefused(logger, path, owner.UserName, refusal);
                }

                return TargetResult.Defer("4.2.0", $"{prefix} {refusal ?? "cannot open file"}");
            }

            try
            {
                return await WriteLockedAsync(fd, prefix, message, options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _ = LibC.Close(fd);
            }
        }
        finally
        {
            if (dotLock)
            {
                DotLock.Release(lockPath);
            }
        }
    }

    private async Task<TargetResult> WriteLockedAsync(int fd, string prefix, LocalMessage message, CopyOptions options, CancellationToken cancellationToken)
    {
        var locked = false;
        for (var attempt = 0; attempt < Math.Max(1, settings.DeliverLockAttempts) && !locked; attempt++)
        {
            locked = LibC.TryLockWholeFile(fd, unlock: false) == 0;
            if (!locked && attempt + 1 < settings.DeliverLockAttempts)
            {
                await Task.Delay(settings.DeliverLockDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!locked)
        {
            return TargetResult.Defer("4.2.0", $"{prefix} unable to lock for exclusive access: {LibC.Describe(LibC.LastErrno)}");
        }

        // The size is read under the lock: nobody appends between here and our write.
        var originalSize = FileStatus.OfDescriptor(fd)?.Size ?? 0;
        var room = settings.MailboxSizeLimit > 0 ? Math.Max(1, settings.MailboxSizeLimit - originalSize) : 0;
        try
        {
            MessageCopier.Copy(message, options, time.GetLocalNow(), new DescriptorStream(fd, room));

            if (LibC.FdataSync(fd) != 0)
            {
                throw new DescriptorWriteException(LibC.LastErrno);
            }

            return TargetResult.Sent("delivered to mailbox");
        }
        catch (QueuedContentException unreadable)
        {
            _ = LibC.Ftruncate(fd, originalSize);
            _ = LibC.FdataSync(fd);
            return TargetResult.Defer("4.3.0", $"{prefix} {unreadable.Message}");
        }
        catch (DescriptorWriteException failure)
        {
            // Put the mailbox back exactly as it was: a half message would corrupt every message after it.
            _ = LibC.Ftruncate(fd, originalSize);
            _ = LibC.FdataSync(fd);
            var reason = $"{prefix} error writing message: {LibC.Describe(failure.Errno)}";
            return failure.Errno switch
            {
                LibC.EFBIG => TargetResult.Bounce("5.2.2", reason),
                LibC.ENOSPC => TargetResult.Defer("4.3.1", reason),
                LibC.EDQUOT => TargetResult.Defer("4.2.2", reason),
                _ => TargetResult.Defer("4.2.0", reason),
            };
        }
    }

    /// <summary>Opens for append without following a symlink (creating with O_EXCL when absent), then checks
    /// what was opened. Returns fd -1 and a refusal text when the file must not be written.</summary>
    private static (int Fd, string? Refusal) OpenChecked(string path, MailboxOwner owner)
    {
        const int appendFlags = LibC.OWrOnly | LibC.OAppend | LibC.ONonBlock | LibC.OCloexec;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var created = false;
            var fd = LibC.Open(path, appendFlags | LibC.ONoFollow, 0);
            if (fd < 0 && LibC.LastErrno == LibC.ENOENT)
            {
                fd = LibC.Open(path, appendFlags | LibC.ONoFollow | LibC.OCreat | LibC.OExcl, NewFileMode);
                created = fd >= 0;
                if (fd < 0 && LibC.LastErrno == LibC.EEXIST)
                {
                    continue; // someone created it meanwhile: open it as an existing file
                }
            }

            if (fd < 0)
            {
                var errno = LibC.LastErrno;
                return (-1, FileStatus.OfLink(path) is { IsRegularFile: false } other
                    ? $"file is a {other.KindName}, not a regular file"
                    : $"cannot open file: {LibC.Describe(errno)}");
            }

            var refusal = created && !PrepareNewFile(fd, owner, out var setupError) ? setupError : Check(fd, path, owner);
            if (refusal is null)
            {
                return (fd, null);
            }

            _ = LibC.Close(fd);
            return (-1, refusal);
        }

        return (-1, "file keeps changing while it is opened");
    }

    private static string? Check(int fd, string path, MailboxOwner owner)
    {
        if (FileStatus.OfDescriptor(fd) is not { } opened)
        {
            return $"cannot fstat file: {LibC.Describe(LibC.LastErrno)}";
        }

        if (!opened.IsRegularFile)
        {
            return $"file is a {opened.KindName}, not a regular file";
        }

        if (opened.LinkCount != 1)
        {
            return $"file has {opened.LinkCount} hard links";
        }

        if (opened.UserId != owner.UserId)
        {
            return $"file is owned by uid {opened.UserId}, not by the recipient (uid {owner.UserId})";
        }

        // The name must still lead to what we opened (Postfix's safe_open compares fstat with lstat).
        if (FileStatus.OfLink(path) is not { } named || named.Inode != opened.Inode || named.Device != opened.Device)
        {
            return "file status changed unexpectedly";
        }

        return null;
    }

    private static bool PrepareNewFile(int fd, MailboxOwner owner, out string? error)
    {
        error = null;
        if ((owner.ChownNewFiles && LibC.Fchown(fd, owner.UserId, owner.GroupId) != 0) || LibC.Fchmod(fd, NewFileMode) != 0)
        {
            error = $"cannot set owner of new file: {LibC.Describe(LibC.LastErrno)}";
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "refusing to deliver to {Path} for user {User}: {Refusal}; delivery deferred")]
    private static partial void LogRefused(ILogger logger, string path, string user, string refusal);
}
