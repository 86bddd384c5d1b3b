namespace Estafeta.Policy;

/// <summary>Where an address really goes after the percent hack, bang paths and quoted local parts are undone.</summary>
/// <param name="LocalPart">The final local part (for a local address: the user or alias name).</param>
/// <param name="Domain">The final domain (for a local address: the local domain it was addressed to).</param>
/// <param name="Routed">Sender-specified routing was involved (Postfix's RESOLVE_FLAG_ROUTED): such an
/// address is never an authorized relay_domains destination unless allow_untrusted_routing = yes.</param>
internal sealed record ResolvedRecipient(string LocalPart, string Domain, AddressClass Class, bool Routed);
