using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Listening;

/// <summary>
/// Counts the sessions in progress so that a graceful stop can wait for them, and cancels the ones
/// still running when the grace period is over.
/// </summary>
internal sealed partial class SessionTracker(ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);
    private int _active;

    public int ActiveCount => Volatile.Read(ref _active);

    /// <summary>Runs one accepted connection to the end; the socket is always closed afterwards.</summary>
    public void Start(Socket client, string serviceName, Func<Socket, CancellationToken, Task> handler)
    {
        lock (_lock)
        {
            if (_active++ == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }
        }

        _ = RunAsync(client, serviceName, handler);
    }

    /// <summary>Waits up to <paramref name="grace"/> for sessions to end, then cancels the rest and waits a little more.</summary>
    public async Task DrainAsync(TimeSpan grace, TimeProvider time)
    {
        Task idle;
        lock (_lock)
        {
            idle = _idle.Task;
        }

        if (await Completes(idle, grace, time))
        {
            return;
        }

        await _abort.CancelAsync();
        if (!await Completes(idle, TimeSpan.FromSeconds(1), time))
        {
            LogSessionsAbandoned(logger, ActiveCount);
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task RunAsync(Socket client, string serviceName, Func<Socket, CancellationToken, Task> handler)
    {
        try
        {
            // Yield first so the accept loop goes straight back to accepting.
            await Task.Yield();
            await handler(client, _abort.Token);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One broken session must never take the listener or the daemon down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogSessionFailed(logger, serviceName, e.Message);
        }
        finally
        {
            client.Dispose();
            lock (_lock)
            {
                if (--_active == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }
    }

    private static async Task<bool> Completes(Task task, TimeSpan timeout, TimeProvider time)
    {
        try
        {
            await task.WaitAsync(timeout, time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: session ended with an unexpected error: {Reason}")]
    private static partial void LogSessionFailed(ILogger logger, string service, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} session(s) did not stop in time; exiting anyway")]
    private static partial void LogSessionsAbandoned(ILogger logger, int count);
}
