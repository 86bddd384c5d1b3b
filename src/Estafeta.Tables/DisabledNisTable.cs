namespace Estafeta.Tables;

/// <summary>
/// nis:name — Postfix's own default alias_maps is "hash:/etc/aliases, nis:mail.aliases", and a Postfix
/// on a machine without a NIS domain carries on with NIS lookups disabled. Estafeta has no NIS client,
/// so it does the same: the table finds nothing (and the Host says so once at start).
/// </summary>
internal sealed class DisabledNisTable(string name) : ILookupTable
{
    public string Name { get; } = name;

    public string? Lookup(string key) => null;
}
