using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Local;

/// <summary>The PATH.lock convention of /var/mail (liblockfile, bsd-mailx, mutt, Dovecot): create with O_EXCL,
/// remove when done; a lock older than stale_lock_time belongs to a dead program and is broken.</summary>
internal static partial class DotLock
{
    /// <summary>Tries deliver_lock_attempts times; null on success, else why it failed.</summary>
    public static async Task<string?> AcquireAsync(string lockPath, LocalDeliverySettings settings, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var lastError = "File exists";
        for (var attempt = 0; attempt < Math.Max(1, settings.DeliverLockAttempts); attempt++)
        {
            var fd = LibC.Open(lockPath, LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow | LibC.OCloexec, 0x180);
            if (fd >= 0)
            {
                _ = LibC.Close(fd);
                return null;
            }

            var errno = LibC.LastErrno;
            lastError = LibC.Describe(errno);
            if (errno != LibC.EEXIST)
            {
                return $"unable to create lock file {lockPath}: {lastError}";
            }

            if (FileStatus.OfLink(lockPath) is { } status && time.GetUtcNow() - status.ModifiedAt > settings.StaleLockTime)
            {
                if (LibC.Unlink(lockPath) == 0)
                {
                    LogStaleLock(logger, lockPath);
                    continue;
                }
            }

            if (attempt + 1 < settings.DeliverLockAttempts)
            {
                await Task.Delay(settings.DeliverLockDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }

        return $"unable to create lock file {lockPath}: {lastError}";
    }

    public static void Release(string lockPath) => _ = LibC.Unlink(lockPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{LockPath}: removed stale lock file")]
    private static partial void LogStaleLock(ILogger logger, string lockPath);
}
