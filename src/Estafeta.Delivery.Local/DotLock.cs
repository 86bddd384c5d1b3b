using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Local;

/// <summary>The PATH.lock convention of /var/mail (liblockfile, bsd-mailx, mutt, Dovecot): create it exclusively,
/// remove it when done; a lock older than stale_lock_time belongs to a dead program and is broken.</summary>
/// <remarks>In the spool folder the lock is made with link(2) from one file of ours, <see cref="LinkSourceName"/>,
/// touched first so the lock's age is its own: link is the classic exclusive way to make a lock (it fails with
/// EEXIST, as O_EXCL does), and it allocates no inode, which on ext4 is most of what creating a file costs.
/// Elsewhere (a mailbox in a home folder, a "/file" alias) the lock is created with O_CREAT|O_EXCL.
/// Every lock of ours shares the source's times, so the age of one left by a process that died says nothing:
/// such a lock is recognised by its inode (a link to our source) and removed when the process starts and
/// whenever a delivery finds it.</remarks>
internal static partial class DotLock
{
    /// <summary>The file in mail_spool_directory that dot-locks there are hard links to (mode 0600, owned by us).</summary>
    public const string LinkSourceName = ".estafeta-dotlock";

    /// <summary>Tries deliver_lock_attempts times; null on success, else why it failed.</summary>
    /// <param name="linkSource">The file to link the lock from (same folder), or null to create the lock file.</param>
    public static async Task<string?> AcquireAsync(string lockPath, string? linkSource, LocalDeliverySettings settings, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var lastError = "File exists";
        for (var attempt = 0; attempt < Math.Max(1, settings.DeliverLockAttempts); attempt++)
        {
            var errno = TryCreate(lockPath, linkSource);
            if (errno == 0)
            {
                return null;
            }

            lastError = LibC.Describe(errno);
            if (errno != LibC.EEXIST)
            {
                return $"unable to create lock file {lockPath}: {lastError}";
            }

            // Stale: older than stale_lock_time, or a link to our own source, which was made by this server and not
            // by this process (its gate lets one delivery at a time near a mailbox), so its holder died (a crash,
            // SIGKILL); the age of such a lock cannot tell, since every lock we make touches the shared source.
            var stale = (linkSource is not null && IsOurLink(lockPath, linkSource))
                || (FileStatus.OfLink(lockPath) is { } status && time.GetUtcNow() - status.ModifiedAt > settings.StaleLockTime);
            if (stale && LibC.Unlink(lockPath) == 0)
            {
                LogStaleLock(logger, lockPath);
                continue;
            }

            if (attempt + 1 < settings.DeliverLockAttempts)
            {
                await Task.Delay(settings.DeliverLockDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }

        return $"unable to create lock file {lockPath}: {lastError}";
    }

    public static void Release(string lockPath) => _ = LibC.Unlink(lockPath);

    private static int _startupSweepDone;

    /// <summary>Once per process, before its first delivery: removes the spool's dot-locks that are links to our
    /// source, left by this server when it died holding them (nothing of this process can hold one yet).</summary>
    public static void RemoveLocksLeftByADeadProcess(string spoolDirectory, ILogger logger)
    {
        if (Interlocked.Exchange(ref _startupSweepDone, 1) == 1)
        {
            return;
        }

        var source = Path.Combine(spoolDirectory, LinkSourceName);
        try
        {
            if (FileStatus.OfLink(source) is not { LinkCount: > 1 })
            {
                return; // no lock links to it
            }

            foreach (var lockPath in Directory.EnumerateFiles(spoolDirectory, "*.lock"))
            {
                if (IsOurLink(lockPath, source) && LibC.Unlink(lockPath) == 0)
                {
                    LogStaleLock(logger, lockPath);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable spool: the deliveries will say so.
        }
    }

    private static bool IsOurLink(string lockPath, string linkSource) =>
        FileStatus.OfLink(lockPath) is { } existing && FileStatus.OfLink(linkSource) is { } source
        && existing.Inode == source.Inode && existing.Device == source.Device;

    /// <summary>Makes the lock; returns 0 or the errno (EEXIST: someone holds it).</summary>
    private static int TryCreate(string lockPath, string? linkSource)
    {
        if (linkSource is not null)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                // Only a regular file of ours: in a sticky spool another user could have put one there first.
                if (LibC.TouchNoFollow(linkSource) == 0)
                {
                    if (FileStatus.OfLink(linkSource) is not { IsRegularFile: true } source || source.UserId != LibC.GetEffectiveUserId())
                    {
                        break;
                    }

                    if (LibC.Link(linkSource, lockPath) == 0)
                    {
                        return 0;
                    }

                    var errno = LibC.LastErrno;
                    if (errno == LibC.EEXIST)
                    {
                        return errno;
                    }

                    break; // cannot link here (EXDEV, EPERM, EMLINK...): create the lock file instead
                }

                if (LibC.LastErrno != LibC.ENOENT || !CreateLinkSource(linkSource))
                {
                    break;
                }
            }
        }

        var fd = LibC.Open(lockPath, LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow | LibC.OCloexec, 0x180);
        if (fd < 0)
        {
            return LibC.LastErrno;
        }

        _ = LibC.Close(fd);
        return 0;
    }

    private static bool CreateLinkSource(string path)
    {
        var fd = LibC.Open(path, LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow | LibC.OCloexec, 0x180);
        if (fd < 0)
        {
            return LibC.LastErrno == LibC.EEXIST;
        }

        _ = LibC.Close(fd);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{LockPath}: removed stale lock file")]
    private static partial void LogStaleLock(ILogger logger, string lockPath);
}
