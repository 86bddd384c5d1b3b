using Estafeta.Delivery;
using Estafeta.Tables;
using Microsoft.Extensions.Logging;

namespace Estafeta.Aliases;

/// <summary>What every expansion shares: settings parsed once, the alias tables, the log.</summary>
internal sealed class ExpansionContext(LocalExpansionSettings settings, Func<string, bool> isLocalDomain, ILogger logger)
{
    public LocalExpansionSettings Settings { get; } = settings;

    public ILogger Logger { get; } = logger;

    public AliasDatabase Aliases { get; } = new(settings.AliasMaps);

    public ExpansionKind CommandsAllowedIn { get; } = ExpansionKinds.Parse(settings.AllowMailToCommands);

    public ExpansionKind FilesAllowedIn { get; } = ExpansionKinds.Parse(settings.AllowMailToFiles);

    public ExpansionKind PropagateTo { get; } = ExpansionKinds.Parse(settings.PropagateUnmatchedExtensions);

    public bool IsLocalDomain(string domain) => isLocalDomain(domain);

    /// <summary>An unqualified name gets @$myorigin, as Postfix's canonical rewriting gives it.</summary>
    public string Qualify(string address) =>
        address.Contains('@', StringComparison.Ordinal) ? address : $"{address}@{Settings.MyOrigin}";

    /// <summary>The default_privs account, or null when it does not exist (or the lookup fails).</summary>
    public LocalUser? DefaultPrivs()
    {
        try
        {
            return AccountDatabase.FindByName(Settings.DefaultPrivs) is { UserId: not 0 } account ? account : null;
        }
        catch (LookupTableException)
        {
            return null;
        }
    }
}
