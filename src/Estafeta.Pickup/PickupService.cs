// pickup(8): moves what sendmail left in maildrop/ into the queue through Cleanup.
// Trusts: the kernel's word on each drop file (owner, type, links), never its content or names.
// Must never: crash or stop serving on a bad file (it goes to corrupt/), remove a drop file before
// Cleanup's durable commit, or block on what a user put in maildrop/ (FIFOs, links).
using System.Threading.Channels;
using Estafeta.Cleanup;
using Microsoft.Extensions.Logging;

namespace Estafeta.Pickup;

/// <summary>The pickup service: scans maildrop/ at start, every <see cref="PickupSettings.ScanInterval"/>,
/// and whenever the public/pickup trigger says "pickup".</summary>
public sealed class PickupService
{
    private readonly PickupSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly DropFileInjector _injector;
    private readonly Func<CancellationToken, Task>? _flushRequested;
    private readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <param name="settings">queue_directory, myorigin, message_size_limit.</param>
    /// <param name="cleanup">Where messages go (the daemon's CleanupService).</param>
    /// <param name="timeProvider">The clock for periodic scans and stale temporary files.</param>
    /// <param name="loggerFactory">Logs under "pickup".</param>
    /// <param name="flushRequested">Called on a "flush" trigger (sendmail -q): the queue manager's "retry deferred mail now".</param>
    public PickupService(PickupSettings settings, ILocalCleanupService cleanup, TimeProvider timeProvider, ILoggerFactory loggerFactory, Func<CancellationToken, Task>? flushRequested = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("pickup");
        _injector = new DropFileInjector(settings, cleanup, _logger);
        _flushRequested = flushRequested;
    }

    /// <summary>Asks for a scan as soon as possible (what the "pickup" trigger does).</summary>
    public void RequestScan() => _wakeups.Writer.TryWrite(true);

    /// <summary>Creates the folders and the trigger socket, then scans until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        MaildropFolder.Create(_settings.QueueDirectory);
        await using var trigger = PickupTriggerListener.Start(
            MaildropFolder.TriggerPathIn(_settings.QueueDirectory), OnTriggerAsync, _logger, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await ScanAsync(cancellationToken).ConfigureAwait(false);
            using var interval = new CancellationTokenSource(_settings.ScanInterval, _timeProvider);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            try
            {
                await _wakeups.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The scan interval passed.
            }
        }
    }

    /// <summary>One pass over maildrop/: every complete drop file, oldest name first.</summary>
    /// <returns>How many messages were queued.</returns>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var maildrop = MaildropFolder.PathIn(_settings.QueueDirectory);
        List<string> names;
        try
        {
            names = [.. Directory.EnumerateFiles(maildrop).Select(Path.GetFileName).OfType<string>()];
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }

        names.Sort(StringComparer.Ordinal);
        var queued = 0;
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (name.StartsWith(MaildropFolder.TemporaryPrefix, StringComparison.Ordinal))
            {
                RemoveIfStale(Path.Combine(maildrop, name), name);
                continue;
            }

            DropOutcome outcome;
            try
            {
                outcome = await _injector.InjectAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The queue or the file system failed us (not the file): try again at the next scan.
                PickupLog.Deferred(_logger, name, e.Message);
                outcome = DropOutcome.Deferred;
            }

            if (outcome == DropOutcome.Queued)
            {
                queued++;
            }
            else if (outcome == DropOutcome.Deferred)
            {
                // The queue cannot take mail now; the rest waits for the next scan.
                break;
            }
        }

        return queued;
    }

    private void RemoveIfStale(string path, string name)
    {
        try
        {
            var age = _timeProvider.GetUtcNow() - File.GetLastWriteTimeUtc(path);
            if (age > _settings.StaleTemporaryAge)
            {
                File.Delete(path);
                PickupLog.RemovedStale(_logger, name);
            }
        }
        catch (IOException)
        {
            // Gone already (sendmail renamed it).
        }
    }

    private async Task OnTriggerAsync(string command, CancellationToken cancellationToken)
    {
        if (command == PickupTrigger.PickupCommand)
        {
            RequestScan();
        }
        else if (command == PickupTrigger.FlushCommand)
        {
            RequestScan();
            if (_flushRequested is not null)
            {
                await _flushRequested(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
