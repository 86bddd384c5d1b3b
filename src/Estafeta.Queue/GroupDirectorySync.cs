// Group commit for a directory's fsync: sessions that renamed a file into incoming/ at about the same time share one
// fsync of the directory instead of queuing one each. Trusts: fsync(dir) makes every rename done before the call durable.
// Must never: return to a caller before an fsync that started after that caller's rename has succeeded.
namespace Estafeta.Queue;

/// <summary>fsync of one directory, shared by concurrent callers (thread-safe).</summary>
internal sealed class GroupDirectorySync(string path)
{
    private readonly object _gate = new();
    private long _requested;
    private long _covered;
    private bool _running;

    /// <summary>Returns once an fsync of the directory that began after this call began has succeeded. A caller that
    /// leads a failed fsync gets its IOException; callers that were waiting on it lead a new attempt themselves.</summary>
    public void Sync()
    {
        long ticket;
        lock (_gate)
        {
            ticket = ++_requested;
            while (_covered < ticket && _running)
            {
                Monitor.Wait(_gate);
            }

            if (_covered >= ticket)
            {
                return;
            }

            _running = true;
        }

        // The leader: every ticket issued so far belongs to a rename that is already done, so this fsync covers it.
        long covers;
        lock (_gate)
        {
            covers = _requested;
        }

        try
        {
            NativeFileSystem.FsyncDirectory(path);
            lock (_gate)
            {
                _covered = Math.Max(_covered, covers);
            }
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
