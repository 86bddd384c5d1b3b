// Runs one smtpd_*_restrictions list the way Postfix's generic_checks() does: left to right,
// the first permit or reject ends the list, DUNNO goes on.
// Trusts: the resolver and tables. Must never: treat an unknown restriction or a broken table as
// "permit" (they answer 451, so mail is retried rather than relayed or lost).
using Estafeta.Core;
using Estafeta.Tables;
using Microsoft.Extensions.Logging;

namespace Estafeta.Policy;

internal sealed class RestrictionEvaluator(
    PolicySettings settings,
    Func<System.Net.IPAddress, bool> isInMyNetworks,
    LocalRecipientCheck localRecipients,
    IDomainResolver domainResolver,
    TableCache tables,
    ILogger logger)
{
    private const int MaxNesting = 10;

    private readonly SenderLoginCheck _senderLogin = new(settings, tables, logger);

    public static readonly SmtpReply ServerConfigurationError = new(451, "4.3.5", "Server configuration error");

    public async ValueTask<RestrictionResult> EvaluateAsync(IReadOnlyList<string> restrictions, CheckContext context, ReplyScope scope, CancellationToken cancellationToken, int depth = 0)
    {
        for (var i = 0; i < restrictions.Count; i++)
        {
            var name = restrictions[i];
            var lower = name.ToLowerInvariant();
            RestrictionResult result;
            if (lower.StartsWith("check_", StringComparison.Ordinal) && lower.EndsWith("_access", StringComparison.Ordinal))
            {
                if (i + 1 >= restrictions.Count || !LookupTables.IsTableSpec(restrictions[i + 1]))
                {
                    PolicyLog.MissingTable(logger, name);
                    return RestrictionResult.Reject(ServerConfigurationError);
                }

                result = await CheckAccessAsync(lower, restrictions[++i], context, scope, cancellationToken, depth);
            }
            else
            {
                result = await EvaluateOneAsync(lower, name, context, scope, cancellationToken);
            }

            if (result.Verdict != Verdict.Dunno)
            {
                return result;
            }
        }

        return RestrictionResult.Dunno;
    }

    private async ValueTask<RestrictionResult> EvaluateOneAsync(string lower, string name, CheckContext context, ReplyScope scope, CancellationToken cancellationToken)
    {
        var client = context.Client;
        switch (lower)
        {
            case "permit":
                return RestrictionResult.Permit;
            case "dunno":
                return RestrictionResult.Dunno;
            case "reject":
                return RestrictionResult.Reject(scope.Rejected(settings.RejectCode, "7.1", "Access denied"));
            case "defer":
                return RestrictionResult.Reject(scope.Rejected(settings.DeferCode, "3.2", "Try again later"));
            case "permit_mynetworks":
                return isInMyNetworks(client.Address) ? RestrictionResult.Permit : RestrictionResult.Dunno;
            case "permit_sasl_authenticated":
                return client.SaslUser is not null ? RestrictionResult.Permit : RestrictionResult.Dunno;
            case "reject_unknown_client_hostname" or "reject_unknown_client":
                return client.Name == ClientInfo.UnknownName
                    ? RestrictionResult.Reject(ReplyScope.Reply(settings.UnknownClientHostnameRejectCode, "7.25", $"Client host rejected: cannot find your hostname, [{client.AddressText}]"))
                    : RestrictionResult.Dunno;
            case "reject_unknown_reverse_client_hostname":
                return client.ReverseName == ClientInfo.UnknownName
                    ? RestrictionResult.Reject(ReplyScope.Reply(settings.UnknownClientHostnameRejectCode, "7.25", $"Client host rejected: cannot find your reverse hostname, [{client.AddressText}]"))
                    : RestrictionResult.Dunno;
            case "reject_non_fqdn_helo_hostname" or "reject_non_fqdn_hostname":
                return client.Helo is { } helo && !IsFullyQualified(helo)
                    ? RestrictionResult.Reject(ReplyScope.Helo(helo).Rejected(settings.NonFqdnRejectCode, "5.2", "need fully-qualified hostname"))
                    : RestrictionResult.Dunno;
            case "reject_non_fqdn_sender":
                return context.SenderAddress is { IsNull: false } sender && !IsFullyQualified(sender.Domain)
                    ? RestrictionResult.Reject(ReplyScope.Sender(context.Sender).Rejected(settings.NonFqdnRejectCode, "5.2", "need fully-qualified address"))
                    : RestrictionResult.Dunno;
            case "reject_sender_login_mismatch":
                return _senderLogin.Check(context, checkAuthenticated: true, allowUnknownSender: false, checkUnauthenticated: true);
            case "reject_known_sender_login_mismatch":
                return _senderLogin.Check(context, checkAuthenticated: true, allowUnknownSender: true, checkUnauthenticated: true);
            case "reject_authenticated_sender_login_mismatch":
                return _senderLogin.Check(context, checkAuthenticated: true, allowUnknownSender: false, checkUnauthenticated: false);
            case "reject_unauthenticated_sender_login_mismatch":
                return _senderLogin.Check(context, checkAuthenticated: false, allowUnknownSender: false, checkUnauthenticated: true);
            case "reject_unknown_sender_domain":
                return context.SenderAddress is { IsNull: false, HasDomain: true } known
                    ? await CheckDomainAsync(known.Domain, ReplyScope.Sender(context.Sender), "1.8", cancellationToken)
                    : RestrictionResult.Dunno;
            default:
                break;
        }

        if (context.Recipient is not { } recipient || context.RecipientAddress is not { } address || context.Resolved is not { } resolved)
        {
            // A recipient restriction in a list evaluated at MAIL time (smtpd_delay_reject = no): Postfix skips it.
            return IsRecipientRestriction(lower) ? RestrictionResult.Dunno : UnknownRestriction(name);
        }

        var authorized = resolved.Class == AddressClass.Local
            || (resolved.Class == AddressClass.Relay && (!resolved.Routed || settings.AllowUntrustedRouting));
        switch (lower)
        {
            case "reject_unauth_destination":
                return authorized ? RestrictionResult.Dunno : RestrictionResult.Reject(ReplyScope.Reply(settings.RelayDomainsRejectCode, "7.1", $"<{recipient}>: Relay access denied"));
            case "defer_unauth_destination":
                return authorized ? RestrictionResult.Dunno : RestrictionResult.Reject(ReplyScope.Reply(454, "7.1", $"<{recipient}>: Relay access denied"));
            case "permit_auth_destination":
                return authorized ? RestrictionResult.Permit : RestrictionResult.Dunno;
            case "reject_non_fqdn_recipient":
                return !IsFullyQualified(address.Domain)
                    ? RestrictionResult.Reject(ReplyScope.Recipient(recipient).Rejected(settings.NonFqdnRejectCode, "5.2", "need fully-qualified address"))
                    : RestrictionResult.Dunno;
            case "reject_unknown_recipient_domain":
                return resolved.Class == AddressClass.Local
                    ? RestrictionResult.Dunno
                    : await CheckDomainAsync(resolved.Domain, ReplyScope.Recipient(recipient), "1.2", cancellationToken);
            case "reject_unlisted_recipient" or "check_recipient_maps":
                return localRecipients.Check(resolved, recipient) is { } unknown ? RestrictionResult.Reject(unknown) : RestrictionResult.Dunno;
            default:
                return UnknownRestriction(name);
        }
    }

    private async ValueTask<RestrictionResult> CheckAccessAsync(string restriction, string tableSpec, CheckContext context, ReplyScope listScope, CancellationToken cancellationToken, int depth)
    {
        (List<string>? keys, ReplyScope? scope) = restriction switch
        {
            "check_client_access" => (AccessKeys.ForClient(context.Client), ReplyScope.Client(context.Client)),
            "check_helo_access" => context.Client.Helo is { } helo ? (AccessKeys.ForDomain(helo), ReplyScope.Helo(helo)) : (null, null),
            "check_sender_access" => context.SenderAddress is { } sender ? (AccessKeys.ForAddress(sender, settings.RecipientDelimiter), ReplyScope.Sender(context.Sender)) : (null, null),
            "check_recipient_access" => context.RecipientAddress is { } rcpt ? (AccessKeys.ForAddress(rcpt, settings.RecipientDelimiter), ReplyScope.Recipient(context.Recipient!)) : (null, null),
            _ => (null, listScope),
        };
        if (scope is null)
        {
            return RestrictionResult.Dunno;
        }

        if (keys is null)
        {
            return UnknownRestriction(restriction);
        }

        ILookupTable table;
        try
        {
            table = tables.Get(tableSpec);
        }
        catch (LookupTableException e)
        {
            PolicyLog.LookupError(logger, tableSpec, string.Empty, e.Message);
            return RestrictionResult.Reject(ServerConfigurationError);
        }

        foreach (var key in keys)
        {
            string? value;
            try
            {
                value = table.Lookup(key);
            }
            catch (LookupTableException e)
            {
                PolicyLog.LookupError(logger, table.Name, key, e.Message);
                return RestrictionResult.Reject(scope.Rejected(451, "3.0", "Temporary lookup failure"));
            }

            if (value is not null)
            {
                return await ApplyAccessActionAsync(table.Name, value, context, scope, cancellationToken, depth);
            }
        }

        return RestrictionResult.Dunno;
    }

    /// <summary>access(5) results: OK, REJECT, DEFER, 4NN/5NN text, DUNNO, or a restriction list.</summary>
    private async ValueTask<RestrictionResult> ApplyAccessActionAsync(string tableName, string value, CheckContext context, ReplyScope scope, CancellationToken cancellationToken, int depth)
    {
        var trimmed = value.Trim();
        var space = trimmed.IndexOfAny([' ', '\t']);
        var action = (space < 0 ? trimmed : trimmed[..space]).ToUpperInvariant();
        var text = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        if (action == "OK" || (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit)))
        {
            return RestrictionResult.Permit;
        }

        switch (action)
        {
            case "REJECT":
                return RestrictionResult.Reject(scope.RejectedWithText(settings.AccessMapRejectCode, "7.1", text));
            case "DEFER":
                return RestrictionResult.Reject(scope.RejectedWithText(settings.AccessMapDeferCode, "7.1", text));
            case "DUNNO":
                return RestrictionResult.Dunno;
            case "HOLD" or "DISCARD" or "FILTER" or "PREPEND" or "REDIRECT" or "BCC" or "WARN" or "INFO" or "DEFER_IF_REJECT" or "DEFER_IF_PERMIT":
                PolicyLog.UnsupportedAction(logger, tableName, action);
                return RestrictionResult.Dunno;
            default:
                break;
        }

        if (action.Length == 3 && action[0] is '4' or '5' && action.All(char.IsAsciiDigit))
        {
            var code = int.Parse(action, System.Globalization.CultureInfo.InvariantCulture);
            return RestrictionResult.Reject(scope.RejectedWithText(code, "7.1", text));
        }

        if (depth >= MaxNesting)
        {
            PolicyLog.NestingTooDeep(logger, trimmed);
            return RestrictionResult.Reject(ServerConfigurationError);
        }

        // Anything else is a list of restrictions (e.g. "permit_mynetworks, reject").
        return await EvaluateAsync(Tokenize([trimmed]), context, scope, cancellationToken, depth + 1);
    }

    private async ValueTask<RestrictionResult> CheckDomainAsync(string domain, ReplyScope scope, string detail, CancellationToken cancellationToken)
    {
        if (domain.Length == 0 || domain.StartsWith('['))
        {
            return RestrictionResult.Dunno;
        }

        return await domainResolver.GetStatusAsync(domain, cancellationToken) switch
        {
            DomainStatus.Exists => RestrictionResult.Dunno,
            DomainStatus.NotFound => RestrictionResult.Reject(scope.Rejected(settings.UnknownAddressRejectCode, detail, "Domain not found")),
            _ => RestrictionResult.Reject(scope.Rejected(450, detail, "Domain not found")),
        };
    }

    private RestrictionResult UnknownRestriction(string name)
    {
        PolicyLog.UnknownRestriction(logger, name);
        return RestrictionResult.Reject(ServerConfigurationError);
    }

    private static bool IsRecipientRestriction(string name) => name is "reject_unauth_destination" or "defer_unauth_destination"
        or "permit_auth_destination" or "reject_non_fqdn_recipient" or "reject_unknown_recipient_domain" or "reject_unlisted_recipient"
        or "check_recipient_maps";

    /// <summary>A domain with a dot that does not end in one, or an address literal.</summary>
    private static bool IsFullyQualified(string domain) =>
        domain.StartsWith('[') || (domain.Contains('.', StringComparison.Ordinal) && !domain.EndsWith('.'));

    /// <summary>main.cf lists may arrive split or not: "check_recipient_access hash:/x, reject" → tokens.
    /// A "{ ... }" group (inline:{ a=b, c=d }) stays one token, as in Postfix's mystrtokq.</summary>
    public static string[] Tokenize(IEnumerable<string> list)
    {
        var tokens = new List<string>();
        foreach (var item in list)
        {
            var current = new System.Text.StringBuilder();
            var depth = 0;
            foreach (var c in item)
            {
                if (depth == 0 && (char.IsWhiteSpace(c) || c == ','))
                {
                    Flush(tokens, current);
                    continue;
                }

                depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
                current.Append(c);
            }

            Flush(tokens, current);
        }

        return [.. tokens];
    }

    private static void Flush(List<string> tokens, System.Text.StringBuilder current)
    {
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
            current.Clear();
        }
    }
}
