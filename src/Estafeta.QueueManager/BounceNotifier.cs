// Decides who gets a delivery status notification and queues it (Postfix's bounce(8) policy).
// Trusts: the queue file's envelope and NOTIFY flags. Must never: send anything to the null sender <>,
// or bounce a postmaster notice (mail from double_bounce_sender that fails is dropped with a warning).
using Estafeta.Core;
using Estafeta.Delivery;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.QueueManager;

internal sealed class BounceNotifier
{
    private readonly QueueManagerSettings _settings;
    private readonly IMessageInjector _injector;
    private readonly DsnComposer _composer;
    private readonly ILogger _logger;

    public BounceNotifier(QueueManagerSettings settings, IMessageInjector injector, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _injector = injector;
        _composer = new DsnComposer(settings, time);
        _logger = loggerFactory.CreateLogger("bounce");
    }

    /// <summary>Sends the notice of <paramref name="kind"/> for these entries, as far as the envelope asks for
    /// one. Returns normally when it is queued or none is due; throws IOException when it could not be queued
    /// (the caller keeps the entries and tries again at the next pass).</summary>
    public async Task NotifyAsync(DsnKind kind, QueueFile file, IReadOnlyList<RecipientLogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var sender = file.Envelope.Sender;
        if (IsDoubleBounceSender(sender))
        {
            if (kind == DsnKind.Failure)
            {
                QmgrLog.DoubleBounceDiscarded(_logger, file.QueueId);
            }

            return;
        }

        if (sender.Length == 0)
        {
            // A bounce that bounced: only the postmaster may hear of it, and only when notify_classes asks.
            if (kind == DsnKind.Failure && (_settings.Notifies("2bounce") || _settings.Notifies("bounce")))
            {
                var postmaster = _settings.Qualify(_settings.DoubleBounceNoticeRecipient);
                await SendAsync(new DsnRequest(kind, postmaster, PostmasterCopy: true, HeadersOnly: false), file, entries, _settings.Qualify(_settings.DoubleBounceSender), "postmaster non-delivery", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var wanted = entries.Where(entry => Wants(file, entry.QueueIndex, kind)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var who = kind switch
        {
            DsnKind.Failure => "sender non-delivery",
            DsnKind.Delay => "sender delay",
            _ => "sender delivery status",
        };
        await SendAsync(new DsnRequest(kind, sender, PostmasterCopy: false), file, wanted, string.Empty, who, cancellationToken).ConfigureAwait(false);
        if (kind == DsnKind.Failure && _settings.Notifies("bounce"))
        {
            // notify_classes=bounce: the postmaster gets the diagnostics and the headers of every bounce. Not
            // critical: if it cannot be queued, the sender's notice still counts as sent (Postfix only warns).
            try
            {
                var postmaster = _settings.Qualify(_settings.BounceNoticeRecipient);
                await SendAsync(new DsnRequest(kind, postmaster, PostmasterCopy: true, HeadersOnly: true), file, entries, _settings.Qualify(_settings.DoubleBounceSender), "postmaster non-delivery", cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Logged by SendAsync.
            }
        }
    }

    private async Task SendAsync(DsnRequest request, QueueFile file, IReadOnlyList<RecipientLogEntry> entries, string envelopeSender, string who, CancellationToken cancellationToken)
    {
        var message = _composer.Compose(request, file, entries);
        var injected = new InjectedMessage(envelopeSender, [new EnvelopeRecipient(request.To)], DsnComposer.ToLines(message))
        {
            Body = BodyType.EightBitMime,
            Origin = request.Kind == DsnKind.Delay ? "delay-warning" : "bounce",
        };
        try
        {
            var newId = await _injector.InjectAsync(injected, cancellationToken).ConfigureAwait(false);
            QmgrLog.Notification(_logger, file.QueueId, who, newId);
        }
        catch (IOException exception)
        {
            QmgrLog.NotificationFailed(_logger, file.QueueId, who, exception.Message);
            throw;
        }
    }

    // RFC 3461: no NOTIFY means "FAILURE,DELAY" (Postfix's compatibility rule); NEVER means nothing.
    private static bool Wants(QueueFile file, int index, DsnKind kind)
    {
        var notify = index < file.Recipients.Count ? file.Recipients[index].Recipient.Notify : DsnNotify.Unspecified;
        if (notify.HasFlag(DsnNotify.Never))
        {
            return false;
        }

        return kind switch
        {
            DsnKind.Failure => notify == DsnNotify.Unspecified || notify.HasFlag(DsnNotify.Failure),
            DsnKind.Delay => notify == DsnNotify.Unspecified || notify.HasFlag(DsnNotify.Delay),
            _ => notify.HasFlag(DsnNotify.Success),
        };
    }

    private bool IsDoubleBounceSender(string sender) =>
        sender.Length > 0 && string.Equals(sender, _settings.Qualify(_settings.DoubleBounceSender), StringComparison.OrdinalIgnoreCase);
}
