// Finds the servers for a nexthop: MX records by preference (equal ones shuffled), A/AAAA when there is no MX.
// Trusts: nothing in DNS answers beyond their record types; every failure becomes Postfix's text and status.
// Must never: turn a temporary DNS failure (SERVFAIL, time-out) into a bounce.
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Estafeta.Delivery.Smtp;

/// <summary>The servers to try, in order, or why there are none.</summary>
internal sealed record MxResolution(IReadOnlyList<SmtpServerAddress> Servers, SmtpFailure? Failure);

/// <summary>DNS for the smtp client, with DnsClient.</summary>
internal sealed class MxResolver
{
    private const string HostNotFound = "Host not found";
    private const string TryAgain = "Host not found, try again";
    private const string NoData = "Host found but no data record of requested type";

    private readonly LookupClient _client;
    private readonly int _defaultPort;

    public MxResolver(SmtpClientSettings settings)
    {
        var options = settings.DnsServers.Count > 0
            ? new LookupClientOptions([.. settings.DnsServers.Select(ParseServer)])
            : new LookupClientOptions();
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = true;
        options.UseTcpFallback = true;
        options.Timeout = TimeSpan.FromSeconds(5);
        options.Retries = 1;
        _client = new LookupClient(options);
        _defaultPort = settings.DefaultPort;
    }

    /// <summary>"127.0.0.1:5353", "[::1]:53" or "192.0.2.53" (port 53).</summary>
    internal static IPEndPoint ParseServer(string text)
    {
        if (IPEndPoint.TryParse(text.Trim(), out var endpoint))
        {
            if (endpoint.Port == 0)
            {
                endpoint.Port = 53;
            }

            return endpoint;
        }

        throw new ArgumentException($"estafeta_dns_servers: not an address or address:port: \"{text}\"", nameof(text));
    }

    public async Task<MxResolution> ResolveAsync(SmtpNexthop nexthop, CancellationToken cancellationToken)
    {
        var port = nexthop.Port ?? _defaultPort;
        if (IPAddress.TryParse(nexthop.Host, out var literal))
        {
            return new MxResolution([new SmtpServerAddress(nexthop.Host, literal, port, 0)], null);
        }

        if (!nexthop.LookupMx)
        {
            return await HostAsync(nexthop.Host, port, 0, domainItself: true, cancellationToken).ConfigureAwait(false);
        }

        var mx = await QueryAsync(nexthop.Host, QueryType.MX, cancellationToken).ConfigureAwait(false);
        if (mx.Outcome == LookupOutcome.TryAgain)
        {
            return Fail(false, "4.4.3", nexthop.Host, "MX", TryAgain);
        }

        var records = mx.Records.OfType<MxRecord>().ToList();
        if (records.Count == 0)
        {
            // No MX (or no such name): the domain is its own mail server (RFC 5321 §5.1), as Postfix looks it up.
            return await HostAsync(nexthop.Host, port, 0, domainItself: true, cancellationToken).ConfigureAwait(false);
        }

        if (records.Count == 1 && records[0].Exchange.Value is "." or "")
        {
            return new MxResolution([], new SmtpFailure(true, SmtpTexts.NullMxDsn, $"Domain {nexthop.Host} does not accept mail (nullMX)"));
        }

        var servers = new List<SmtpServerAddress>();
        SmtpFailure? lastFailure = null;
        foreach (var record in Order(records))
        {
            var host = record.Exchange.Value.TrimEnd('.');
            var addresses = await HostAsync(host, port, record.Preference, domainItself: false, cancellationToken).ConfigureAwait(false);
            servers.AddRange(addresses.Servers);
            if (addresses.Failure is not null && (lastFailure is null || lastFailure.Permanent))
            {
                lastFailure = addresses.Failure;
            }
        }

        return servers.Count > 0 ? new MxResolution(servers, null) : new MxResolution([], lastFailure);
    }

    /// <summary>Sorts by preference and shuffles equal preferences (RFC 5321 §5.1).</summary>
    private static IEnumerable<MxRecord> Order(List<MxRecord> records) =>
        records.Select(r => (Record: r, Tie: Random.Shared.Next())).OrderBy(p => p.Record.Preference).ThenBy(p => p.Tie).Select(p => p.Record);

    private async Task<MxResolution> HostAsync(string host, int port, int preference, bool domainItself, CancellationToken cancellationToken)
    {
        var a = await QueryAsync(host, QueryType.A, cancellationToken).ConfigureAwait(false);
        if (a.Outcome == LookupOutcome.NoSuchName)
        {
            return Fail(true, domainItself ? SmtpTexts.NoSuchDomainDsn : "5.4.4", host, "A", HostNotFound);
        }

        var aaaa = await QueryAsync(host, QueryType.AAAA, cancellationToken).ConfigureAwait(false);
        var servers = a.Records.OfType<ARecord>().Select(r => r.Address)
            .Concat(aaaa.Records.OfType<AaaaRecord>().Select(r => r.Address))
            .Select(address => new SmtpServerAddress(host, address, port, preference))
            .ToList();
        if (servers.Count > 0)
        {
            return new MxResolution(servers, null);
        }

        if (a.Outcome == LookupOutcome.TryAgain)
        {
            return Fail(false, "4.4.3", host, "A", TryAgain);
        }

        return aaaa.Outcome == LookupOutcome.TryAgain
            ? Fail(false, "4.4.3", host, "AAAA", TryAgain)
            : Fail(true, "5.4.4", host, "AAAA", NoData);
    }

    private static MxResolution Fail(bool permanent, string dsn, string name, string type, string error) =>
        new([], new SmtpFailure(permanent, dsn, $"Host or domain name not found. Name service error for name={name} type={type}: {error}"));

    private async Task<LookupResult> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DnsResponseException or System.Net.Sockets.SocketException)
        {
            return new LookupResult(LookupOutcome.TryAgain, []);
        }

        return response.Header.ResponseCode switch
        {
            DnsHeaderResponseCode.NoError => new LookupResult(LookupOutcome.Ok, response.Answers),
            DnsHeaderResponseCode.NotExistentDomain => new LookupResult(LookupOutcome.NoSuchName, []),
            _ => new LookupResult(LookupOutcome.TryAgain, []),
        };
    }

    private enum LookupOutcome
    {
        Ok,
        NoSuchName,
        TryAgain,
    }

    private sealed record LookupResult(LookupOutcome Outcome, IReadOnlyCollection<DnsResourceRecord> Records);
}
