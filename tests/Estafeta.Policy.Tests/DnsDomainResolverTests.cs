namespace Estafeta.Policy.Tests;

public sealed class DnsDomainResolverTests
{
    [Theory]
    [InlineData("exists.test", DomainStatus.Exists)]
    [InlineData("mx.test", DomainStatus.Exists)]
    [InlineData("nullmx.test", DomainStatus.NotFound)]
    [InlineData("nx.test", DomainStatus.NotFound)]
    [InlineData("empty.test", DomainStatus.NotFound)]
    [InlineData("fail.test", DomainStatus.TemporaryFailure)]
    public async Task Classifies_what_the_dns_server_says(string domain, DomainStatus expected)
    {
        await using var server = new TinyDnsServer();
        var resolver = new DnsDomainResolver([server.Endpoint], TimeSpan.FromSeconds(2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(expected, await resolver.GetStatusAsync(domain, timeout.Token));
    }

    [Fact]
    public async Task Policy_rejects_an_unknown_recipient_domain_through_real_dns()
    {
        using var fixture = new PolicyFixture();
        await using var server = new TinyDnsServer();
        var settings = fixture.Settings with { RecipientRestrictions = ["reject_unknown_recipient_domain"], DnsServers = [server.Endpoint] };
        var policy = new SmtpdPolicy(settings, fixture.Logs);

        var rejected = await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "user@nx.test", default);
        Assert.Equal("450 4.1.2 <user@nx.test>: Recipient address rejected: Domain not found", rejected.Reject?.Summary);
        Assert.True((await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "user@mx.test", default)).IsAccepted);
    }
}
