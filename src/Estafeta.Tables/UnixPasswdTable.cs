namespace Estafeta.Tables;

/// <summary>unix:passwd.byname — the system's accounts by login name (keys folded to lower case, as Postfix).</summary>
internal sealed class UnixPasswdTable(string name) : ILookupTable
{
    public string Name { get; } = name;

    public string? Lookup(string key) => UnixAccounts.FindByName(key.ToLowerInvariant())?.ToPasswdLine();
}
