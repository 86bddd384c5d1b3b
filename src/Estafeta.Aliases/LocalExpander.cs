// Postfix local(8)'s address expansion: alias_maps, :include: lists, ~/.forward, +extensions, the account
// database. Trusts: that the address's domain is local (Resolve decided); the alias tables as configuration.
// Must never: run, create or write anything it names (the local agent does, with its own checks), nor read
// a .forward or :include: file with more rights than the user it belongs to.
using Estafeta.Delivery;
using Microsoft.Extensions.Logging;

namespace Estafeta.Aliases;

/// <summary>Expands a local recipient into mailboxes, files, commands and forwarded addresses, as Postfix's local(8).</summary>
public sealed class LocalExpander : ILocalExpander
{
    private readonly ExpansionContext _context;

    /// <param name="settings">main.cf's alias_maps, recipient_delimiter, forward_path, default_privs... values.</param>
    /// <param name="isLocalDomain">True for a domain this server delivers locally (mydestination): names in
    /// those domains are expanded again; others are forwarded.</param>
    /// <param name="loggerFactory">Warnings go to the "local" logger, in Postfix's words.</param>
    public LocalExpander(LocalExpansionSettings settings, Func<string, bool> isLocalDomain, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(isLocalDomain);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _context = new ExpansionContext(settings, isLocalDomain, loggerFactory.CreateLogger("local"));
    }

    /// <inheritdoc />
    /// <remarks>The result is empty when the expansion named nothing deliverable but is complete, e.g. an alias
    /// to an empty :include: list: Postfix counts such a recipient as delivered.</remarks>
    public LocalExpansion Expand(string address, string sender)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentNullException.ThrowIfNull(sender);
        return new LocalExpansion(new ExpansionRun(_context, address).Run(address, sender));
    }
}
