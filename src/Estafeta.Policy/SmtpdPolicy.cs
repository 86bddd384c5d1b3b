// Postfix's smtpd_check: client, helo, sender, relay and recipient restrictions, then local_recipient_maps.
// Trusts: ClientInfo (address from the kernel, SaslUser only after AUTH succeeded) and the configuration.
// Must never: accept a recipient for relay because of an address trick (RecipientResolver undoes
// them first), or answer "accept" when a table or the configuration is broken (451 instead).
using System.Net;
using Estafeta.Core;
using Estafeta.Core.Addresses;
using Estafeta.Tables;
using Microsoft.Extensions.Logging;

namespace Estafeta.Policy;

/// <summary>The restriction lists of main.cf, applied as Postfix's smtpd does.</summary>
public sealed class SmtpdPolicy : ISmtpdPolicy
{
    private readonly PolicySettings _settings;
    private readonly NetworkMatchList _myNetworks;
    private readonly RecipientResolver _resolver;
    private readonly LocalRecipientCheck _localRecipients;
    private readonly RestrictionEvaluator _evaluator;
    private readonly ILogger _logger;
    private readonly string[] _client;
    private readonly string[] _helo;
    private readonly string[] _sender;
    private readonly string[] _relay;
    private readonly string[] _recipient;
    private readonly bool _hasRelayGuard;

    /// <param name="domainResolver">For reject_unknown_*_domain; null means DnsClient with <see cref="PolicySettings.DnsServers"/>.</param>
    /// <exception cref="LookupTableException">A table named in mydestination, mynetworks, relay_domains or
    /// local_recipient_maps cannot be opened (message names the file and line).</exception>
    public SmtpdPolicy(PolicySettings settings, ILoggerFactory loggerFactory, IDomainResolver? domainResolver = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _logger = loggerFactory.CreateLogger("smtpd");
        _myNetworks = settings.MyNetworks is { Count: > 0 } networks
            ? new NetworkMatchList(networks)
            : new NetworkMatchList(InterfaceAddresses.StylePrefixes(settings.MyNetworksStyle));
        _resolver = new RecipientResolver(settings, new Destinations(settings));
        _localRecipients = new LocalRecipientCheck(settings);
        _evaluator = new RestrictionEvaluator(
            settings, IsInMyNetworks, _localRecipients, domainResolver ?? new DnsDomainResolver(settings.DnsServers), new TableCache(), _logger);
        _client = RestrictionEvaluator.Tokenize(settings.ClientRestrictions);
        _helo = RestrictionEvaluator.Tokenize(settings.HeloRestrictions);
        _sender = RestrictionEvaluator.Tokenize(settings.SenderRestrictions);
        _relay = RestrictionEvaluator.Tokenize(settings.RelayRestrictions);
        _recipient = RestrictionEvaluator.Tokenize(settings.RecipientRestrictions);
        _hasRelayGuard = _relay.Concat(_recipient).Any(name => name.ToLowerInvariant()
            is "reject_unauth_destination" or "defer_unauth_destination" or "reject" or "defer" or "defer_if_permit" or "check_relay_domains");
    }

    public bool IsInMyNetworks(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        try
        {
            return _myNetworks.Matches(address);
        }
        catch (LookupTableException e)
        {
            PolicyLog.LookupError(_logger, "mynetworks", address.ToString(), e.Message);
            return false;
        }
    }

    public async ValueTask<PolicyDecision> CheckSenderAsync(ClientInfo client, string sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(sender);
        if (_settings.DelayReject)
        {
            return PolicyDecision.Accept;
        }

        var context = new CheckContext(client, sender, ParseOrNull(sender));
        return ToDecision(await EarlyChecksAsync(context, cancellationToken));
    }

    public async ValueTask<PolicyDecision> CheckRecipientAsync(ClientInfo client, string sender, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        var address = ParseOrNull(recipient);
        if (address is null || address.IsNull)
        {
            // Smtpd checks syntax before asking; this is the fail-closed answer if it did not.
            return PolicyDecision.Rejected(new SmtpReply(501, "5.1.3", "Bad recipient address syntax"));
        }

        var resolved = _resolver.Resolve(address);
        var context = new CheckContext(client, sender, ParseOrNull(sender))
        {
            Recipient = recipient,
            RecipientAddress = address,
            Resolved = resolved,
        };
        try
        {
            if (_settings.DelayReject && await EarlyChecksAsync(context, cancellationToken) is { Verdict: Verdict.Reject } early)
            {
                return ToDecision(early);
            }

            if (!_hasRelayGuard)
            {
                PolicyLog.NoRelayGuard(_logger);
                return PolicyDecision.Rejected(RestrictionEvaluator.ServerConfigurationError);
            }

            var scope = ReplyScope.Recipient(recipient);
            foreach (var list in (string[][])[_relay, _recipient])
            {
                if (await _evaluator.EvaluateAsync(list, context, scope, cancellationToken) is { Verdict: Verdict.Reject } rejected)
                {
                    return ToDecision(rejected);
                }
            }

            if (_settings.RejectUnlistedRecipient && _localRecipients.Check(resolved, recipient) is { } unknown)
            {
                return PolicyDecision.Rejected(unknown);
            }

            return PolicyDecision.Accept;
        }
        catch (LookupTableException e)
        {
            PolicyLog.LookupError(_logger, "local_recipient_maps", recipient, e.Message);
            return PolicyDecision.Rejected(new SmtpReply(451, "4.3.0", $"<{recipient}>: Temporary lookup failure"));
        }
    }

    /// <summary>smtpd_client_restrictions, smtpd_helo_restrictions, smtpd_sender_restrictions, in that order.</summary>
    private async ValueTask<RestrictionResult> EarlyChecksAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var lists = new (string[] List, ReplyScope Scope)[]
        {
            (_client, ReplyScope.Client(context.Client)),
            (_helo, ReplyScope.Helo(context.Client.Helo ?? string.Empty)),
            (_sender, ReplyScope.Sender(context.Sender)),
        };
        foreach (var (list, scope) in lists)
        {
            var result = await _evaluator.EvaluateAsync(list, context, scope, cancellationToken);
            if (result.Verdict == Verdict.Reject)
            {
                return result;
            }
        }

        return RestrictionResult.Dunno;
    }

    private static PolicyDecision ToDecision(RestrictionResult result) =>
        result.Verdict == Verdict.Reject && result.Reply is { } reply ? PolicyDecision.Rejected(reply) : PolicyDecision.Accept;

    private static SmtpAddress? ParseOrNull(string address) =>
        SmtpAddress.TryParse(address, allowUtf8: true, out var parsed, out _) ? parsed : null;
}
