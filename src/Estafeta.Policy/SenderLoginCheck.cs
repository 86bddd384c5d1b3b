// smtpd_sender_login_maps with reject_sender_login_mismatch and its variants (Postfix's
// reject_auth_sender_login_mismatch / reject_unauth_sender_login_mismatch): a logged-in user may only
// use the sender addresses the table gives to that login; a client that is not logged in may not use
// an address that belongs to someone. Must never: permit on a broken table (451 instead).
using Estafeta.Core.Addresses;
using Estafeta.Tables;
using Microsoft.Extensions.Logging;

namespace Estafeta.Policy;

internal sealed class SenderLoginCheck(PolicySettings settings, TableCache tables, ILogger logger)
{
    private readonly string[] _maps = RestrictionEvaluator.Tokenize(settings.SenderLoginMaps);

    /// <param name="checkAuthenticated">Refuse a logged-in client using an address not owned by its login.</param>
    /// <param name="allowUnknownSender">With <paramref name="checkAuthenticated"/>: an address no one owns is allowed.</param>
    /// <param name="checkUnauthenticated">Refuse a client that is not logged in using an address someone owns.</param>
    public RestrictionResult Check(CheckContext context, bool checkAuthenticated, bool allowUnknownSender, bool checkUnauthenticated)
    {
        if (context.Sender.Length == 0 || context.SenderAddress is not { IsNull: false } sender)
        {
            return RestrictionResult.Dunno;
        }

        if (_maps.Length == 0)
        {
            PolicyLog.MissingSenderLoginMaps(logger);
            return RestrictionResult.Reject(RestrictionEvaluator.ServerConfigurationError);
        }

        var login = context.Client.SaslUser;
        if (login is null ? !checkUnauthenticated : !checkAuthenticated)
        {
            return RestrictionResult.Dunno;
        }

        string? owners;
        try
        {
            owners = FindOwners(sender);
        }
        catch (LookupTableException e)
        {
            PolicyLog.LookupError(logger, "smtpd_sender_login_maps", context.Sender, e.Message);
            return RestrictionResult.Reject(ReplyScope.Sender(context.Sender).Rejected(451, "3.0", "Temporary lookup failure"));
        }

        var scope = ReplyScope.Sender(context.Sender);
        if (login is null)
        {
            return owners is null ? RestrictionResult.Dunno : RestrictionResult.Reject(scope.Rejected(553, "7.1", "not logged in"));
        }

        if (owners is null && allowUnknownSender)
        {
            return RestrictionResult.Dunno;
        }

        var owned = owners is not null && owners
            .Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Any(owner => string.Equals(owner, login, StringComparison.OrdinalIgnoreCase));
        return owned ? RestrictionResult.Dunno : RestrictionResult.Reject(scope.Rejected(553, "7.1", $"not owned by user {login}"));
    }

    /// <summary>Postfix's mail_addr_find order: user+ext@domain, user@domain, @domain.</summary>
    private string? FindOwners(SmtpAddress sender)
    {
        var user = sender.LocalPart.ToLowerInvariant();
        var bare = AddressLookup.WithoutExtension(user, settings.RecipientDelimiter);
        var domain = sender.Domain.ToLowerInvariant();
        List<string> keys = sender.HasDomain ? [$"{user}@{domain}", $"{bare}@{domain}", $"@{domain}"] : [user, bare];
        foreach (var spec in _maps)
        {
            var table = tables.Get(spec);
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                if (table.Lookup(key) is { } owners)
                {
                    return owners;
                }
            }
        }

        return null;
    }
}
