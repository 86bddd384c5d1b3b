// Delivers one message into a Maildir: tmp/NAME, fdatasync, rename to new/NAME, fsync new/.
// Trusts: nothing at the path: the Maildir or its subdirectories may be symlinks or belong to someone else.
// Must never: follow a symlink, write into another user's directory, or leave a partial file in new/.
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Local;

internal sealed partial class MaildirWriter(LocalDeliverySettings settings, TimeProvider time, ILogger logger)
{
    private const uint DirectoryMode = 0x1C0; // 0700
    private const uint FileMode = 0x180; // 0600
    private static long _counter;

    public TargetResult Deliver(string maildir, MailboxOwner owner, LocalMessage message, CopyOptions options)
    {
        maildir = maildir.TrimEnd('/');
        foreach (var directory in new[] { maildir, $"{maildir}/tmp", $"{maildir}/new", $"{maildir}/cur" })
        {
            if (EnsureDirectory(directory, owner) is { } problem)
            {
                LogRefused(logger, directory, owner.UserName, problem);
                return TargetResult.Defer("4.2.0", $"create maildir file {directory}: {problem}");
            }
        }

        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var host = SafeHostName(settings.MyHostname);
        var tmpPath = string.Create(CultureInfo.InvariantCulture, $"{maildir}/tmp/{seconds}.P{Environment.ProcessId}Q{Interlocked.Increment(ref _counter)}.{host}");
        var fd = LibC.Open(tmpPath, LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow | LibC.OCloexec, FileMode);
        if (fd < 0)
        {
            return TargetResult.Defer("4.2.0", $"create maildir file {tmpPath}: {LibC.Describe(LibC.LastErrno)}");
        }

        FileStatus status;
        try
        {
            if ((owner.ChownNewFiles && LibC.Fchown(fd, owner.UserId, owner.GroupId) != 0) || LibC.Fchmod(fd, FileMode) != 0)
            {
                throw new DescriptorWriteException(LibC.LastErrno);
            }

            MessageCopier.Copy(message, options, time.GetLocalNow(), new DescriptorStream(fd, settings.MailboxSizeLimit));

            if (LibC.FdataSync(fd) != 0 || FileStatus.OfDescriptor(fd) is not { } written)
            {
                throw new DescriptorWriteException(LibC.LastErrno);
            }

            status = written;
        }
        catch (QueuedContentException unreadable)
        {
            _ = LibC.Close(fd);
            _ = LibC.Unlink(tmpPath);
            return TargetResult.Defer("4.3.0", unreadable.Message);
        }
        catch (DescriptorWriteException failure)
        {
            _ = LibC.Close(fd);
            _ = LibC.Unlink(tmpPath);
            var reason = $"create maildir file {tmpPath}: {LibC.Describe(failure.Errno)}";
            return failure.Errno == LibC.EFBIG ? TargetResult.Bounce("5.2.2", reason) : TargetResult.Defer(failure.Errno == LibC.ENOSPC ? "4.3.1" : "4.2.0", reason);
        }

        _ = LibC.Close(fd);

        // Postfix's unique name: TIME.VdevIinoMusec.HOST (the inode makes it unique on this file system).
        var micros = (now.Ticks / 10) % 1_000_000;
        var newPath = string.Create(CultureInfo.InvariantCulture, $"{maildir}/new/{seconds}.V{status.Device:x}I{status.Inode:x}M{micros}.{host}");
        if (LibC.Rename(tmpPath, newPath) != 0)
        {
            var errno = LibC.LastErrno;
            _ = LibC.Unlink(tmpPath);
            return TargetResult.Defer("4.2.0", $"create maildir file {newPath}: {LibC.Describe(errno)}");
        }

        if (SyncDirectory($"{maildir}/new") is { } syncError)
        {
            return TargetResult.Defer("4.2.0", $"create maildir file {newPath}: {syncError}");
        }

        return TargetResult.Sent("delivered to maildir");
    }

    /// <summary>Creates a missing directory (0700, given to the user) or checks an existing one: a real
    /// directory (not a symlink) owned by the user. Returns null when it is fit to use.</summary>
    private static string? EnsureDirectory(string path, MailboxOwner owner)
    {
        var existing = FileStatus.OfLink(path);
        if (existing is null)
        {
            if (LibC.Mkdir(path, DirectoryMode) != 0 && LibC.LastErrno != LibC.EEXIST)
            {
                return LibC.Describe(LibC.LastErrno);
            }

            var fd = LibC.Open(path, LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloexec, 0);
            if (fd < 0)
            {
                return LibC.Describe(LibC.LastErrno);
            }

            var failed = owner.ChownNewFiles && LibC.Fchown(fd, owner.UserId, owner.GroupId) != 0;
            _ = LibC.Close(fd);
            if (failed)
            {
                return LibC.Describe(LibC.LastErrno);
            }

            existing = FileStatus.OfLink(path);
        }

        if (existing is not { } status)
        {
            return LibC.Describe(LibC.LastErrno);
        }

        if (!status.IsDirectory)
        {
            return $"is a {status.KindName}, not a directory";
        }

        return status.UserId == owner.UserId ? null : $"directory is owned by uid {status.UserId}, not by the recipient (uid {owner.UserId})";
    }

    private static string? SyncDirectory(string path)
    {
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.ODirectory | LibC.OCloexec, 0);
        if (fd < 0)
        {
            return LibC.Describe(LibC.LastErrno);
        }

        var failed = LibC.Fsync(fd) != 0;
        var errno = LibC.LastErrno;
        _ = LibC.Close(fd);
        return failed ? LibC.Describe(errno) : null;
    }

    /// <summary>Maildir's convention: '/' and ':' in the host name are written as \057 and \072.</summary>
    private static string SafeHostName(string host) => host.Replace("/", "\\057", StringComparison.Ordinal).Replace(":", "\\072", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "refusing to deliver to maildir {Path} for user {User}: {Problem}; delivery deferred")]
    private static partial void LogRefused(ILogger logger, string path, string user, string problem);
}
