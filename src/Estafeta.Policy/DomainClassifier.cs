// Which domains are ours and which we relay for, for code outside Policy (the queue manager's Resolve and the
// local expander) so that Smtpd's RCPT decisions and delivery routing can never disagree.
namespace Estafeta.Policy;

/// <summary>mydestination (and our address literals) and relay_domains as predicates on a domain.</summary>
public sealed class DomainClassifier
{
    private readonly Destinations _destinations;

    public DomainClassifier(PolicySettings settings) => _destinations = new Destinations(settings);

    /// <summary>True for a domain in mydestination or a literal naming one of our addresses.</summary>
    public bool IsLocal(string domain) => _destinations.IsLocal(domain);

    /// <summary>True for a domain in relay_domains (subdomains included, as Postfix's default parent matching).</summary>
    public bool IsRelay(string domain) => _destinations.IsRelay(domain);
}
