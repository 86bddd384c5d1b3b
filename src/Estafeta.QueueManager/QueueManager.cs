// The queue manager (Postfix's qmgr): one scheduler loop that moves mail incoming → active, hands it to
// delivery agents, and retries deferred mail on its backoff schedule.
// Trusts: QueueStore for durability, agents for per-recipient outcomes. Must never: lose a message — every
// state change is a rename, every recipient is marked done only after its outcome, and a crash at any point
// means at worst a second delivery when the next QueueManager resumes active/.
using System.Collections.Concurrent;
using System.Threading.Channels;
using Estafeta.Delivery;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.QueueManager;

/// <summary>Delivers what the queue holds. Start it once; call <see cref="Wake"/> after each commit to incoming/.</summary>
public sealed class QueueManager : IAsyncDisposable
{
    private readonly QueueStore _store;
    private readonly QueueManagerSettings _settings;
    private readonly TimeProvider _time;
    private readonly QueueManagerContext _context;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.Ordinal);

    // Whether active/ may hold files no pass is working on (at start, after deferred mail moved in, after a failed
    // pass): only then is it listed. Listing it on every wake-up made a large queue cost O(n²).
    private int _activeScanDue = 1;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private FileSystemWatcher? _incomingWatcher;
    private int _flushRequested;
    private long _lastScanTicks;

    /// <param name="store">The queue.</param>
    /// <param name="settings">main.cf parameters.</param>
    /// <param name="agents">Transport name → agent ("local", "smtp", "relay", ...); "error" and "discard" are built in
    /// unless given here.</param>
    /// <param name="loggerFactory">Loggers "qmgr", "bounce", and one per transport for the delivery lines.</param>
    /// <param name="injector">Where notices are queued; by default a <see cref="QueueInjector"/> that wakes this manager.</param>
    /// <param name="resolver">By default a <see cref="Resolver"/> on the same settings.</param>
    public QueueManager(QueueStore store, QueueManagerSettings settings, IReadOnlyDictionary<string, IDeliveryAgent> agents,
        ILoggerFactory loggerFactory, IMessageInjector? injector = null, Resolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _store = store;
        _settings = settings;
        _time = store.TimeProvider;
        Injector = injector ?? new QueueInjector(store, Wake, settings.LineLengthLimit);
        var allAgents = new Dictionary<string, IDeliveryAgent>(agents, StringComparer.Ordinal);
        allAgents.TryAdd("error", new ErrorTransport());
        allAgents.TryAdd("discard", new DiscardTransport());
        _context = new QueueManagerContext(store, settings, allAgents, resolver ?? new Resolver(settings),
            new BounceNotifier(settings, Injector, _time, loggerFactory), _time, loggerFactory);
    }

    /// <summary>The injector this manager queues its notices with.</summary>
    public IMessageInjector Injector { get; }

    /// <summary>Messages being delivered right now (for tests and status).</summary>
    public int ActiveCount => _inFlight.Count;

    /// <summary>The clock time of the last periodic scan whose due messages have all been started.</summary>
    internal DateTimeOffset LastScanTime
    {
        get => new(Interlocked.Read(ref _lastScanTicks), TimeSpan.Zero);
        private set => Interlocked.Exchange(ref _lastScanTicks, value.UtcTicks);
    }

    /// <summary>Starts the scheduler loop: resumes active/, then incoming/ and deferred mail that is due.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the queue manager is already running");
        }

        // Other processes (pickup, `estafeta queue flush` moving deferred/ to incoming/) commit by rename:
        // inotify on incoming/ wakes the loop for them as Wake() does for this process.
        // Best effort: without inotify (instance limit reached) the periodic scan still finds the mail.
        try
        {
            _incomingWatcher = new FileSystemWatcher(_store.DirectoryOf(QueueName.Incoming))
            {
                NotifyFilter = NotifyFilters.FileName,
            };
            _incomingWatcher.Created += (_, _) => Wake();
            _incomingWatcher.Renamed += (_, _) => Wake();
            _incomingWatcher.EnableRaisingEvents = true;
        }
        catch (IOException exception)
        {
            QmgrLog.MessageWarning(_context.QmgrLogger, "incoming", "cannot watch for new mail: " + exception.Message);
            _incomingWatcher?.Dispose();
            _incomingWatcher = null;
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop; deliveries in progress see cancellation and their messages stay in active/.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _incomingWatcher?.Dispose();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(_inFlight.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A message was committed to incoming/ (or a delivery finished): look again. Cheap, thread-safe,
    /// and coalescing: many calls before the loop runs mean one look.</summary>
    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>Moves all deferred mail to active now (sendmail -q, postqueue -f, `estafeta queue flush`).</summary>
    public void Flush()
    {
        Interlocked.Exchange(ref _flushRequested, 1);
        Wake();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var nextScan = _time.GetUtcNow();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (Interlocked.Exchange(ref _flushRequested, 0) == 1)
                {
                    MoveDeferred(all: true);
                }

                DateTimeOffset? scanned = null;
                if (_time.GetUtcNow() >= nextScan)
                {
                    scanned = _time.GetUtcNow();
                    Interlocked.Exchange(ref _activeScanDue, 1);
                    MoveDeferred(all: false);
                    nextScan = scanned.Value + _settings.QueueRunDelay;
                }

                StartActive(stopping);
                AdmitIncoming(stopping);
                if (scanned is { } time)
                {
                    LastScanTime = time;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                QmgrLog.MessageWarning(_context.QmgrLogger, "queue scan", exception.Message);
            }

            await WaitAsync(nextScan - _time.GetUtcNow(), stopping).ConfigureAwait(false);
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var signal = _signal.Reader.WaitToReadAsync(wait.Token).AsTask();
        var timer = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, wait.Token);
        await Task.WhenAny(signal, timer).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        while (_signal.Reader.TryRead(out _))
        {
        }
    }

    // deferred/ → active/ for files whose mtime (the next attempt time, as Postfix keeps it) has passed.
    private void MoveDeferred(bool all)
    {
        var now = _time.GetUtcNow();
        foreach (var path in Directory.EnumerateFiles(_store.DirectoryOf(QueueName.Deferred)))
        {
            try
            {
                if (all || new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) <= now)
                {
                    _store.Move(new QueueEntry(QueueName.Deferred, Path.GetFileName(path), path), QueueName.Active, durable: false);
                    Interlocked.Exchange(ref _activeScanDue, 1);
                }
            }
            catch (FileNotFoundException)
            {
                // Moved by an administrator command meanwhile.
            }
        }
    }

    private void StartActive(CancellationToken stopping)
    {
        if (Interlocked.Exchange(ref _activeScanDue, 0) == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var path in Directory.EnumerateFiles(_store.DirectoryOf(QueueName.Active)).Order(StringComparer.Ordinal))
        {
            if (_inFlight.Count >= _settings.MessageActiveLimit)
            {
                // The rest waits for a pass to finish.
                Interlocked.Exchange(ref _activeScanDue, 1);
                return;
            }

            var id = Path.GetFileName(path);
            if (_inFlight.ContainsKey(id) || _retryAfter.TryGetValue(id, out var after) && after > now)
            {
                continue;
            }

            Start(new QueueEntry(QueueName.Active, id, path), stopping);
        }
    }

    private void AdmitIncoming(CancellationToken stopping)
    {
        if (_inFlight.Count >= _settings.MessageActiveLimit)
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(_store.DirectoryOf(QueueName.Incoming)).Order(StringComparer.Ordinal))
        {
            if (_inFlight.Count >= _settings.MessageActiveLimit || stopping.IsCancellationRequested)
            {
                return;
            }

            QueueEntry active;
            try
            {
                // No directory fsync: if a crash undoes this rename the file is simply found in incoming/ again.
                active = _store.Move(new QueueEntry(QueueName.Incoming, Path.GetFileName(path), path), QueueName.Active, durable: false);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            Start(active, stopping);
        }
    }

    private void Start(QueueEntry entry, CancellationToken stopping)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pass = RunPassAsync(go.Task, entry, stopping);
        if (_inFlight.TryAdd(entry.QueueId, pass))
        {
            go.SetResult();
        }
        else
        {
            go.SetCanceled(CancellationToken.None);
        }
    }

    private async Task RunPassAsync(Task go, QueueEntry entry, CancellationToken stopping)
    {
        try
        {
            await go.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // Already in flight: this was a duplicate start.
        }

        try
        {
            await Task.Yield();
            await new MessagePass(_context, entry).RunAsync(stopping).ConfigureAwait(false);
            _retryAfter.TryRemove(entry.QueueId, out _);
        }
        catch (Exception exception)
        {
            // The file stays where it is (active/); it is tried again after minimal_backoff_time, never dropped.
            QmgrLog.MessageWarning(_context.QmgrLogger, entry.QueueId, "delivery pass failed: " + exception.Message);
            _retryAfter[entry.QueueId] = _time.GetUtcNow() + _settings.MinimalBackoffTime;
            Interlocked.Exchange(ref _activeScanDue, 1);
        }
        finally
        {
            _inFlight.TryRemove(entry.QueueId, out _);
            Wake();
        }
    }
}
