namespace Estafeta.Policy;

/// <summary>What DNS says about a mail domain, for reject_unknown_{sender,recipient}_domain.</summary>
public enum DomainStatus
{
    /// <summary>Has an MX, A or AAAA record.</summary>
    Exists,

    /// <summary>NXDOMAIN, no MX/A/AAAA records, or a null MX (RFC 7505).</summary>
    NotFound,

    /// <summary>Timeout, SERVFAIL and the like: try again later.</summary>
    TemporaryFailure,
}

/// <summary>The DNS question Policy asks; the DnsClient implementation is <see cref="DnsDomainResolver"/>.</summary>
public interface IDomainResolver
{
    ValueTask<DomainStatus> GetStatusAsync(string domain, CancellationToken cancellationToken);
}
