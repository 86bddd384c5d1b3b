// reject_unknown_*_domain's DNS question through DnsClient: MX, then A, then AAAA.
// Trusts: the configured resolvers. Must never: call a domain unknown because of a timeout or SERVFAIL
// (that is a temporary failure, so the client retries instead of bouncing).
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Estafeta.Policy;

/// <summary>Answers <see cref="IDomainResolver"/> with DnsClient.</summary>
public sealed class DnsDomainResolver : IDomainResolver
{
    private static readonly QueryType[] AddressTypes = [QueryType.A, QueryType.AAAA];

    private readonly LookupClient _client;

    /// <param name="servers">"ip" or "ip:port" / "[ipv6]:port"; empty means the system's /etc/resolv.conf.</param>
    public DnsDomainResolver(IReadOnlyList<string> servers, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var options = servers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. servers.Select(ParseServer)]);
        options.Timeout = timeout ?? TimeSpan.FromSeconds(5);
        options.Retries = 1;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.UseTcpFallback = true;
        _client = new LookupClient(options);
    }

    public async ValueTask<DomainStatus> GetStatusAsync(string domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        try
        {
            var mx = await _client.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken);
            var status = Classify(mx);
            if (status != DomainStatus.NotFound || mx.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return status;
            }

            if (mx.Answers.MxRecords().Any(record => record.Exchange.Value is "." or ""))
            {
                return DomainStatus.NotFound; // null MX: the domain says it takes no mail.
            }

            foreach (var type in AddressTypes)
            {
                status = Classify(await _client.QueryAsync(domain, type, cancellationToken: cancellationToken));
                if (status != DomainStatus.NotFound)
                {
                    return status;
                }
            }

            return DomainStatus.NotFound;
        }
        catch (DnsResponseException)
        {
            return DomainStatus.TemporaryFailure;
        }
    }

    private static DomainStatus Classify(IDnsQueryResponse response)
    {
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return DomainStatus.NotFound;
        }

        if (response.HasError)
        {
            return DomainStatus.TemporaryFailure;
        }

        var usable = response.Answers.Any(record => record switch
        {
            MxRecord mx => mx.Exchange.Value is not ("." or ""),
            ARecord or AaaaRecord => true,
            _ => false,
        });
        return usable ? DomainStatus.Exists : DomainStatus.NotFound;
    }

    private static IPEndPoint ParseServer(string server)
    {
        if (IPEndPoint.TryParse(server, out var endPoint))
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint;
        }

        throw new ArgumentException($"bad DNS server address \"{server}\"", nameof(server));
    }
}
