// local_recipient_maps: is this user of a local domain known? (Postfix smtpd_check_rcptmap.)
// Trusts: the tables. Must never: accept an unknown local user because a table failed (that is a 451).
using Estafeta.Core;
using Estafeta.Tables;

namespace Estafeta.Policy;

internal sealed class LocalRecipientCheck
{
    private readonly IReadOnlyList<ILookupTable> _tables;
    private readonly PolicySettings _settings;

    public LocalRecipientCheck(PolicySettings settings)
    {
        _settings = settings;
        var specs = settings.LocalRecipientMaps ?? ["proxy:unix:passwd.byname", .. settings.AliasMaps];
        var aliasSpecs = settings.AliasMaps.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        _tables = [.. specs
            .SelectMany(spec => spec.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            .Select(spec => LookupTables.Open(spec, aliasSpecs.Contains(Normalize(spec)) ? TextTableSyntax.Aliases : TextTableSyntax.Postmap))];
    }

    public bool IsEnabled => _tables.Count > 0;

    /// <summary>Null when the recipient is known (or the check does not apply); else the 550 5.1.1 reply.</summary>
    /// <exception cref="LookupTableException">A table could not be read.</exception>
    public SmtpReply? Check(ResolvedRecipient recipient, string replyName)
    {
        if (recipient.Class != AddressClass.Local || _tables.Count == 0 || IsAbsorbedByQueueManager(recipient.LocalPart))
        {
            return null;
        }

        var found = AddressLookup.Find(_tables, recipient.LocalPart, recipient.Domain, domainIsLocal: true, _settings.RecipientDelimiter);
        return found is not null
            ? null
            : ReplyScope.Recipient(replyName).Rejected(_settings.UnknownLocalRecipientRejectCode, "1.1", "User unknown in local recipient table");
    }

    /// <summary>Postfix accepts MAILER-DAEMON and double-bounce without a table entry.</summary>
    private static bool IsAbsorbedByQueueManager(string localPart) =>
        localPart.Equals("MAILER-DAEMON", StringComparison.OrdinalIgnoreCase) || localPart.Equals("double-bounce", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string spec) => spec.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? spec[6..] : spec;
}
