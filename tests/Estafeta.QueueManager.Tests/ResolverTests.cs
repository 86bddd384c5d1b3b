using Estafeta.Tables;

namespace Estafeta.QueueManager.Tests;

public sealed class ResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private readonly QueueManagerSettings _settings = new()
    {
        MyHostname = "mail.example.org",
        MyOrigin = "example.org",
        IsLocalDomain = domain => domain is "example.org" or "mail.example.org" or "[192.0.2.10]",
        IsRelayDomain = domain => domain is "relay.test" || domain.EndsWith(".relay.test", StringComparison.Ordinal),
    };

    public void Dispose() => _dir.Dispose();

    private Resolver WithTransportTable(QueueManagerSettings settings)
    {
        var path = Path.Combine(_dir.Path, "transport");
        File.WriteAllText(path, """
            example.net      smtp:[10.1.2.3]:2525
            .example.net     smtp:[10.9.9.9]
            example.com      local:
            bad.example      error:5.1.2 no such domain
            trash.example    discard:
            special@other.test relay:[gw.example.org]
            keep.example     :
            """);
        return new Resolver(settings, [LookupTables.Open("texthash:" + path)]);
    }

    [Theory]
    [InlineData("u@example.net", "smtp", "[10.1.2.3]:2525", "u@example.net")]
    [InlineData("u@a.b.example.net", "smtp", "[10.9.9.9]", "u@a.b.example.net")]
    [InlineData("u@example.com", "local", "example.com", "u@example.com")]
    [InlineData("u@bad.example", "error", "5.1.2 no such domain", "u@bad.example")]
    [InlineData("u@trash.example", "discard", "", "u@trash.example")]
    [InlineData("Special@Other.Test", "relay", "[gw.example.org]", "Special@other.test")]
    [InlineData("x@other.test", "smtp", "other.test", "x@other.test")]
    [InlineData("x@keep.example", "smtp", "keep.example", "x@keep.example")]
    [InlineData("User@Example.NET.", "smtp", "[10.1.2.3]:2525", "User@example.net")]
    [InlineData("root@example.org", "local", "mail.example.org", "root@example.org")]
    [InlineData("root", "local", "mail.example.org", "root@example.org")]
    [InlineData("root@[192.0.2.10]", "local", "mail.example.org", "root@[192.0.2.10]")]
    [InlineData("u@relay.test", "relay", "relay.test", "u@relay.test")]
    [InlineData("u@[192.0.2.99]", "smtp", "[192.0.2.99]", "u@[192.0.2.99]")]
    public void Transport_maps_then_mydestination_relay_domains_default(string address, string transport, string nexthop, string recipient)
    {
        var resolved = WithTransportTable(_settings).Resolve(address);
        Assert.Equal(new ResolvedAddress(transport, nexthop, recipient), resolved);
    }

    [Theory]
    [InlineData("x@other.test", "smtp", "[smart.example]:587")]
    [InlineData("u@relay.test", "relay", "[smart.example]:587")]
    [InlineData("u@example.net", "smtp", "[10.1.2.3]:2525")]
    [InlineData("u@example.org", "local", "mail.example.org")]
    public void Relayhost_replaces_the_domain_for_remote_mail_but_not_table_routes(string address, string transport, string nexthop)
    {
        var resolved = WithTransportTable(_settings with { RelayHost = "[smart.example]:587" }).Resolve(address);
        Assert.Equal((transport, nexthop), (resolved.Transport, resolved.Nexthop));
    }

    [Fact]
    public void Transport_settings_with_their_own_nexthop_win_over_relayhost()
    {
        var resolver = new Resolver(_settings with { RelayHost = "[smart.example]", DefaultTransport = "smtp:[outbound.example]", LocalTransport = "local" }, []);
        Assert.Equal(new ResolvedAddress("smtp", "[outbound.example]", "u@far.test"), resolver.Resolve("u@far.test"));
        Assert.Equal(new ResolvedAddress("local", "mail.example.org", "u@example.org"), resolver.Resolve("u@example.org"));
    }

    [Fact]
    public void Wildcard_entry_catches_everything_else()
    {
        var resolver = new Resolver(_settings, [LookupTables.Open("inline:{ example.org=: , *=smtp:[outbound.example] }")]);
        Assert.Equal(new ResolvedAddress("smtp", "[outbound.example]", "u@far.test"), resolver.Resolve("u@far.test"));
        Assert.Equal(new ResolvedAddress("local", "mail.example.org", "u@example.org"), resolver.Resolve("u@example.org"));
    }

    [Theory]
    [InlineData("5.1.2 no such domain", "5.1.2", "no such domain")]
    [InlineData("no such domain", "5.0.0", "no such domain")]
    [InlineData("4.3.0 try later", "4.3.0", "try later")]
    [InlineData("", "5.0.0", "unknown reason")]
    public void Error_transport_takes_its_status_from_the_text(string nexthop, string dsn, string reason)
    {
        Assert.Equal((dsn, reason), ErrorTransport.Parse(nexthop));
    }
}
