// The durable queue: one file per message in state directories (tmp, incoming, active, deferred, hold, corrupt).
// Trusts: the file system to honour fsync and rename; the caller to pass well-formed queue ids.
// Must never: let a message reach incoming/ before its file is fsync'd, report a commit before the
// directory entry is fsync'd, or delete a damaged file (it goes to corrupt/).
using Estafeta.Core;
using Microsoft.Extensions.Logging;

namespace Estafeta.Queue;

/// <summary>The queue directory and the operations on it. Thread-safe.</summary>
public sealed class QueueStore
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int MaxIdAttempts = 100;

    private readonly TimeProvider _timeProvider;
    private readonly QueueIdGenerator _ids;
    private readonly ILogger _logger;
    private readonly Lazy<string> _highestIdAtFirstUse;

    /// <summary>Opens (and creates, mode 0700) the queue directory and its state directories.</summary>
    public QueueStore(string queueDirectory, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueDirectory);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the queue needs POSIX file modes and fsync of directories");
        }

        Directory = System.IO.Path.GetFullPath(queueDirectory);
        _timeProvider = timeProvider;
        _ids = new QueueIdGenerator(timeProvider);
        _logger = loggerFactory.CreateLogger("qmgr");
        IncomingSync = new GroupDirectorySync(DirectoryOf(QueueName.Incoming));
        _highestIdAtFirstUse = new(HighestIdOnDisk);
        Spares = new SpareFiles(Directory, DirectoryMode);
        System.IO.Directory.CreateDirectory(Directory, DirectoryMode);
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Directory, QueueNames.Temporary), DirectoryMode);
        System.IO.Directory.CreateDirectory(DeferLogDirectory, DirectoryMode);
        foreach (var name in Enum.GetValues<QueueName>())
        {
            System.IO.Directory.CreateDirectory(DirectoryOf(name), DirectoryMode);
        }
    }

    public string Directory { get; }

    /// <summary>Delivered files kept for reuse, so that a message allocates no inode (see <see cref="SpareFiles"/>).</summary>
    internal SpareFiles Spares { get; }

    /// <summary>Fills spare/ with empty files up to its capacity (see <see cref="SpareFiles.Fill"/>); returns how many
    /// it created. The daemon runs it in the background once it serves.</summary>
    public int PrepareSpareFiles() => Spares.Fill();

    /// <summary>The group-committed fsync of incoming/ that every commit waits for.</summary>
    internal GroupDirectorySync IncomingSync { get; }

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>A fresh id that names no file in any queue directory.</summary>
    public string NewQueueId()
    {
        for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            var id = _ids.Next();

            // Ids grow with the clock and never repeat in this process: one above every name that was on disk
            // when the first id was made cannot be taken (no other process makes queue ids). Only when the clock
            // went back does each id have to be looked for (seven stat calls).
            if (IsAbove(id, _highestIdAtFirstUse.Value) || !Exists(id))
            {
                return id;
            }
        }

        throw new IOException("cannot find an unused queue id");
    }

    /// <summary>Starts a message in tmp/ID (O_CREAT|O_EXCL, mode 0600) with its envelope written.
    /// Throws IOException when the file cannot be created or the envelope not written.</summary>
    /// <param name="linePieceLimit">Lines longer than this are stored as pieces (line_length_limit).</param>
    public QueueFileWriter Create(string queueId, DateTimeOffset arrival, ClientInfo client, Envelope envelope, int linePieceLimit)
    {
        RequireWellFormed(queueId);
        return QueueFileWriter.Create(this, queueId, arrival, client, envelope, linePieceLimit);
    }

    /// <summary>Free bytes for an unprivileged writer on the queue's file system (statfs f_bavail).</summary>
    public long GetFreeBytes() => new DriveInfo(Directory).AvailableFreeSpace;

    /// <summary>Startup recovery: removes tmp/ leftovers (never acknowledged) and moves every file that
    /// fails validation (no END, bad checksum, unknown version) to corrupt/, logging each.</summary>
    public RecoveryReport Recover()
    {
        var removed = RemoveLeftovers();
        var corrupt = new List<string>();
        var valid = 0;
        foreach (var entry in List())
        {
            try
            {
                _ = QueueFile.Open(entry.Path);
                valid++;
            }
            catch (FileNotFoundException)
            {
                // Moved or removed since the listing (a queue manager already running): nothing to check.
            }
            catch (QueueFormatException exception)
            {
                Move(entry, QueueName.Corrupt);
                QueueLog.CorruptQueueFile(_logger, entry.QueueId, exception.Message);
                corrupt.Add(entry.QueueId);
            }
        }

        return new RecoveryReport(removed, corrupt, valid);
    }

    /// <summary>The part of recovery the daemon needs before it serves: removes tmp/ leftovers (never acknowledged)
    /// and defer logs whose message is gone; returns how many tmp/ files it removed. It does not read the queued
    /// files: the queue manager checks each one when it opens it (a corrupt one goes to corrupt/ then), so the
    /// start does not grow with the queue.</summary>
    public int RemoveLeftovers()
    {
        var removed = 0;
        foreach (var leftover in System.IO.Directory.EnumerateFiles(System.IO.Path.Combine(Directory, QueueNames.Temporary)))
        {
            File.Delete(leftover);
            QueueLog.RemovedTemporary(_logger, System.IO.Path.GetFileName(leftover));
            removed++;
        }

        RemoveOrphanDeferLogs();
        return removed;
    }

    /// <summary>Every file in incoming, active, deferred and hold, oldest id first.</summary>
    public IReadOnlyList<QueueEntry> List()
    {
        var entries = new List<QueueEntry>();
        foreach (var queue in QueueNames.Live)
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(DirectoryOf(queue)))
            {
                entries.Add(new QueueEntry(queue, System.IO.Path.GetFileName(path), path));
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.QueueId, b.QueueId));
        return entries;
    }

    /// <summary>Finds a queue file by id in any state directory (corrupt included).</summary>
    public QueueEntry? Find(string queueId)
    {
        if (!QueueIdGenerator.IsWellFormed(queueId))
        {
            return null;
        }

        foreach (var queue in Enum.GetValues<QueueName>())
        {
            var path = PathOf(queue, queueId);
            if (File.Exists(path))
            {
                return new QueueEntry(queue, queueId, path);
            }
        }

        return null;
    }

    /// <summary>A state change: rename into the other directory, then (when <paramref name="durable"/>) fsync that
    /// directory. The queue manager's own moves (incoming → active → deferred) pass false: a crash that undoes one
    /// leaves the file in the state before, from which it is delivered again; nothing is lost.</summary>
    public QueueEntry Move(QueueEntry entry, QueueName target, bool durable = true)
    {
        var destination = PathOf(target, entry.QueueId);
        File.Move(entry.Path, destination, overwrite: false);
        if (durable)
        {
            NativeFileSystem.FsyncDirectory(DirectoryOf(target));
        }

        return new QueueEntry(target, entry.QueueId, destination);
    }

    /// <summary>Deletes a message for good: rename into spare/ (emptied there for the next message) or unlink, fsync the directory (when <paramref name="durable"/>), then its
    /// defer log. The queue manager passes false for a delivered message: if a crash undoes the unlink, the file comes
    /// back with its recipients done (or, their marks lost too, is delivered again: a duplicate, never a loss).
    /// Returns false when the file was already gone.</summary>
    public bool Remove(QueueEntry entry, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var kept = Spares.TryKeep(entry.Path, entry.QueueId);
        if (kept == SpareFiles.KeepResult.Missing || (kept == SpareFiles.KeepResult.Full && !File.Exists(entry.Path)))
        {
            DeferLogFiles.Delete(DeferLogDirectory, entry.QueueId);
            return false;
        }

        if (kept == SpareFiles.KeepResult.Full)
        {
            File.Delete(entry.Path);
        }

        if (durable)
        {
            NativeFileSystem.FsyncDirectory(DirectoryOf(entry.Queue));
        }

        DeferLogFiles.Delete(DeferLogDirectory, entry.QueueId);
        return true;
    }

    /// <summary>The message's status log (defer/ID), or null when it has none (or it is unreadable).</summary>
    public DeferLog? ReadDeferLog(string queueId)
    {
        RequireWellFormed(queueId);
        return DeferLogFiles.Read(DeferLogDirectory, queueId);
    }

    /// <summary>Replaces the message's status log atomically (tmp + fsync + rename + fsync dir).</summary>
    public void WriteDeferLog(string queueId, DeferLog log)
    {
        RequireWellFormed(queueId);
        ArgumentNullException.ThrowIfNull(log);
        DeferLogFiles.Write(DeferLogDirectory, queueId, log);
    }

    /// <summary>Where the defer logs live (queue_directory/defer, as Postfix names it).</summary>
    public string DeferLogDirectory => System.IO.Path.Combine(Directory, DeferLogFiles.DirectoryName);

    public string DirectoryOf(QueueName queue) => System.IO.Path.Combine(Directory, QueueNames.DirectoryName(queue));

    public string PathOf(QueueName queue, string queueId)
    {
        RequireWellFormed(queueId);
        return System.IO.Path.Combine(DirectoryOf(queue), queueId);
    }

    internal string TemporaryPath(string queueId) => System.IO.Path.Combine(Directory, QueueNames.Temporary, queueId);

    internal void LogWriteError(string queueId, IOException exception) => QueueLog.WriteError(_logger, queueId, exception.Message);

    // A crash between unlinking a message and its defer log leaves the log alone; it means nothing now.
    private void RemoveOrphanDeferLogs()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(DeferLogDirectory))
        {
            var name = System.IO.Path.GetFileName(path);
            var id = name.EndsWith(".tmp", StringComparison.Ordinal) ? name[..^4] : name;
            if (name != id || Find(id) is null)
            {
                File.Delete(path);
            }
        }
    }

    private static bool IsAbove(string id, string highest) =>
        id.Length == highest.Length && string.CompareOrdinal(id, highest) > 0;

    private string HighestIdOnDisk()
    {
        var highest = new string('0', QueueIdGenerator.Length);
        var folders = Enum.GetValues<QueueName>().Select(DirectoryOf).Append(System.IO.Path.Combine(Directory, QueueNames.Temporary));
        foreach (var folder in folders)
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(folder))
            {
                var name = System.IO.Path.GetFileName(path);
                if (name.Length == highest.Length && string.CompareOrdinal(name, highest) > 0)
                {
                    highest = name;
                }
            }
        }

        return highest;
    }

    private bool Exists(string queueId) =>
        File.Exists(TemporaryPath(queueId)) || Enum.GetValues<QueueName>().Any(queue => File.Exists(PathOf(queue, queueId)));

    private static void RequireWellFormed(string queueId)
    {
        if (!QueueIdGenerator.IsWellFormed(queueId))
        {
            throw new ArgumentException($"not a queue id: \"{queueId}\"", nameof(queueId));
        }
    }
}
