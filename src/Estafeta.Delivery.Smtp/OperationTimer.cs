namespace Estafeta.Delivery.Smtp;

/// <summary>A token that fires after one of Postfix's smtp_*_timeout values (on the injected clock) or when the
/// delivery is cancelled; <see cref="TimedOut"/> tells the two apart.</summary>
internal sealed class OperationTimer : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public OperationTimer(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _timeout = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, cancellationToken);
    }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timeout.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
