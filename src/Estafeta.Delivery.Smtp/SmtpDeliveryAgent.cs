// Postfix's smtp(8): delivers one queued message to the servers of one nexthop (MX routing, relayhost, [host]:port).
// Trusts: the queue manager's request (transport smtp/relay, a resolved nexthop) and the queue file once validated.
// Must never: report Sent before a server's 2xx to the final dot, throw for a per-recipient failure, or log a password.
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Smtp;

/// <summary>The "smtp" and "relay" transports.</summary>
public sealed class SmtpDeliveryAgent : IDeliveryAgent
{
    private readonly SmtpClientSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MxResolver _resolver;
    private readonly SmtpTlsPolicy _tls;
    private readonly SaslPasswordMaps _passwords;
    private readonly SelfAddresses _self;

    private static SmtpFailure Interrupted { get; } = new(false, "4.3.0", "delivery interrupted: mail system is shutting down");

    /// <summary>Reads smtp_tls_CAfile and opens smtp_sasl_password_maps now: a bad file fails here, at start.</summary>
    public SmtpDeliveryAgent(SmtpClientSettings settings, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("smtp");
        _resolver = new MxResolver(settings);
        _tls = new SmtpTlsPolicy(settings);
        _passwords = new SaslPasswordMaps(settings.SaslAuthEnable ? settings.SaslPasswordMaps : []);
        _self = new SelfAddresses(settings.OwnEndpoints);
    }

    public async Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _timeProvider.GetTimestamp();
        try
        {
            return await DeliverCoreAsync(request, started, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping: nothing final was decided for what is left.
            return All(request, Interrupted);
        }
    }

    private async Task<IReadOnlyList<RecipientOutcome>> DeliverCoreAsync(DeliveryRequest request, long started, CancellationToken cancellationToken)
    {
        if (!SmtpNexthop.TryParse(request.Nexthop, out var nexthop))
        {
            return All(request, new SmtpFailure(false, "4.3.5", $"bad nexthop \"{request.Nexthop}\": mail system configuration problem"));
        }

        QueueFile content;
        try
        {
            content = request.ContentVerified ? QueueFile.OpenEnvelope(request.QueueFilePath) : QueueFile.Open(request.QueueFilePath);
        }
        catch (Exception exception) when (exception is IOException or QueueFormatException or UnauthorizedAccessException)
        {
            return All(request, new SmtpFailure(false, "4.3.0", $"error reading queue file: {exception.Message}"));
        }

        if (request.ContentSize <= 0)
        {
            request = request with { ContentSize = content.ContentSize };
        }

        var resolution = await _resolver.ResolveAsync(nexthop, cancellationToken).ConfigureAwait(false);
        if (resolution.Failure is not null)
        {
            return All(request, resolution.Failure, Elapsed(started));
        }

        var (servers, loopFailure) = _self.Exclude(resolution.Servers, nexthop.Host);
        if (loopFailure is not null)
        {
            return All(request, loopFailure, Elapsed(started));
        }

        var attempt = new DeliveryAttempt(request.Recipients);
        try
        {
            await TryServersAsync(servers, nexthop, request, content, attempt, started, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Keep what is final (a Sent stays Sent); the rest is deferred.
            attempt.SessionFailed(Interrupted, Elapsed(started), TimeSpan.Zero);
        }

        return attempt.Finish();
    }

    private async Task TryServersAsync(IReadOnlyList<SmtpServerAddress> servers, SmtpNexthop nexthop, DeliveryRequest request, QueueFile content, DeliveryAttempt attempt, long started, CancellationToken cancellationToken)
    {
        var sessions = 0;
        foreach (var server in servers.Take(_settings.MxAddressLimit))
        {
            if (attempt.Pending.Count == 0 || sessions >= _settings.MxSessionLimit)
            {
                break;
            }

            var allowTls = true;
            for (var tries = 0; tries < 2; tries++)
            {
                var retryPlaintext = await TryServerAsync(server, nexthop, request, content, attempt, allowTls, started, cancellationToken).ConfigureAwait(false);
                sessions += attempt.LastReachedServer ? 1 : 0;
                if (!retryPlaintext)
                {
                    break;
                }

                allowTls = false;
            }

            if (attempt.StopTrying)
            {
                break;
            }
        }
    }

    /// <summary>One session with one address. Returns true when STARTTLS failed at "may" and the host is to be tried in plaintext.</summary>
    private async Task<bool> TryServerAsync(SmtpServerAddress server, SmtpNexthop nexthop, DeliveryRequest request, QueueFile content, DeliveryAttempt attempt, bool allowTls, long started, CancellationToken cancellationToken)
    {
        attempt.LastReachedServer = false;
        var (session, connectFailure) = await SmtpSession.ConnectAsync(server, nexthop, _settings, _tls, _passwords, _logger, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            attempt.SessionFailed(connectFailure!, Elapsed(started), TimeSpan.Zero);
            return false;
        }

        await using (session.ConfigureAwait(false))
        {
            attempt.LastReachedServer = true;
            var handshake = await session.HandshakeAsync(allowTls, cancellationToken).ConfigureAwait(false);
            var setup = Elapsed(started);
            if (handshake.Status == HandshakeStatus.RetryWithoutTls)
            {
                return true;
            }

            if (handshake.Status == HandshakeStatus.Failed)
            {
                attempt.SessionFailed(handshake.Failure!, setup, TimeSpan.Zero);
                await session.QuitAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            var transmitStart = _timeProvider.GetTimestamp();
            var results = await new SmtpTransaction(session, request, content).RunAsync(attempt.Pending, cancellationToken).ConfigureAwait(false);
            attempt.Record(results, setup, _timeProvider.GetElapsedTime(transmitStart));
            await session.QuitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private TimeSpan Elapsed(long started) => _timeProvider.GetElapsedTime(started);

    private static List<RecipientOutcome> All(DeliveryRequest request, SmtpFailure failure, TimeSpan setup = default) =>
        [.. request.Recipients.Select(r => RecipientResult.Outcome(r, failure) with { Setup = setup })];
}
