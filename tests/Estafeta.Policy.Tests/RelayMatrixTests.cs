using System.Net;
using Estafeta.Core;

namespace Estafeta.Policy.Tests;

public sealed class RelayMatrixTests : IDisposable
{
    private readonly PolicyFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("user@remote.example")]
    [InlineData("root@mail.example.test")]
    public async Task Inside_mynetworks_is_permitted(string recipient)
    {
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Insider, "me@inside.example", recipient, default);
        Assert.True(decision.IsAccepted, decision.Reject?.Summary);
    }

    [Fact]
    public async Task Outsider_to_a_remote_domain_is_refused_with_postfix_text()
    {
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Outsider, "spam@outside.example", "user@remote.example", default);
        Assert.Equal("554 5.7.1 <user@remote.example>: Relay access denied\r\n", decision.Reject?.ToWire());
    }

    [Fact]
    public async Task Postfix_default_relay_restrictions_defer_instead()
    {
        var settings = _fixture.Settings with { RelayRestrictions = new PolicySettings().RelayRestrictions };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Outsider, "s@outside.example", "user@remote.example", default);
        Assert.Equal("454 4.7.1 <user@remote.example>: Relay access denied", decision.Reject?.Summary);
    }

    [Theory]
    [InlineData("root@mail.example.test")]
    [InlineData("ROOT@Mail.Example.TEST.")]
    [InlineData("root@localhost")]
    [InlineData("root@[127.0.0.1]")]
    [InlineData("root+folder@mail.example.test")]
    [InlineData("postmaster@mail.example.test")]
    [InlineData("Staff@localhost")]
    [InlineData("\"root\"@mail.example.test")]
    [InlineData("root%localhost@mail.example.test")]
    [InlineData("localhost!root@mail.example.test")]
    [InlineData("@localhost:root@mail.example.test")]
    [InlineData("root")]
    [InlineData("MAILER-DAEMON@mail.example.test")]
    public async Task Outsider_to_a_local_user_is_accepted(string recipient)
    {
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Outsider, "friend@outside.example", recipient, default);
        Assert.True(decision.IsAccepted, decision.Reject?.Summary);
    }

    [Fact]
    public async Task Client_outside_mynetworks_written_as_mapped_ipv6_is_still_outside()
    {
        var policy = _fixture.Policy();
        var mappedOutsider = PolicyFixture.Outsider with { Address = IPAddress.Parse("::ffff:127.0.0.9") };
        var mappedInsider = PolicyFixture.Outsider with { Address = IPAddress.Parse("::ffff:127.0.0.1") };

        Assert.False((await policy.CheckRecipientAsync(mappedOutsider, "", "user@remote.example", default)).IsAccepted);
        Assert.True((await policy.CheckRecipientAsync(mappedInsider, "", "user@remote.example", default)).IsAccepted);
        Assert.True(policy.IsInMyNetworks(IPAddress.IPv6Loopback));
        Assert.False(policy.IsInMyNetworks(IPAddress.Parse("127.0.0.9")));
    }

    [Fact]
    public async Task Authenticated_outsider_may_relay()
    {
        var client = PolicyFixture.Outsider with { SaslUser = "alice" };
        var decision = await _fixture.Policy().CheckRecipientAsync(client, "alice@mail.example.test", "user@remote.example", default);
        Assert.True(decision.IsAccepted, decision.Reject?.Summary);
    }

    [Theory]
    [InlineData("user@relay.example")]
    [InlineData("user@sub.relay.example")]
    public async Task Relay_domains_are_accepted_from_outside(string recipient)
    {
        var settings = _fixture.Settings with { RelayDomains = ["relay.example"] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Outsider, "", recipient, default);
        Assert.True(decision.IsAccepted, decision.Reject?.Summary);
    }

    [Theory]
    [InlineData("user%remote.example@relay.example")]
    [InlineData("remote.example!user@relay.example")]
    [InlineData("user%relay.example@mail.example.test")]
    public async Task Sender_specified_routing_into_relay_domains_is_refused(string recipient)
    {
        var settings = _fixture.Settings with { RelayDomains = ["relay.example"] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Outsider, "", recipient, default);
        Assert.Equal($"554 5.7.1 <{recipient}>: Relay access denied", decision.Reject?.Summary);
    }

    [Fact]
    public async Task Unknown_local_user_gets_550_5_1_1()
    {
        var recipient = "nouser" + Guid.NewGuid().ToString("N")[..10] + "@mail.example.test";
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Insider, "", recipient, default);
        Assert.Equal($"550 5.1.1 <{recipient}>: Recipient address rejected: User unknown in local recipient table", decision.Reject?.Summary);
    }

    [Fact]
    public async Task Empty_local_recipient_maps_turn_the_check_off()
    {
        var settings = _fixture.Settings with { LocalRecipientMaps = [] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Insider, "", "nosuchuser-xyz@mail.example.test", default);
        Assert.True(decision.IsAccepted);
    }

    [Fact]
    public async Task A_new_alias_is_seen_without_restarting()
    {
        var policy = _fixture.Policy();
        Assert.False((await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "newlist@localhost", default)).IsAccepted);

        File.WriteAllText(_fixture.AliasesPath, "postmaster: root\nnewlist: root\n");
        File.SetLastWriteTimeUtc(_fixture.AliasesPath, DateTime.UtcNow.AddSeconds(5));

        Assert.True((await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "newlist@localhost", default)).IsAccepted);
    }

    [Fact]
    public async Task Broken_aliases_file_defers_instead_of_rejecting()
    {
        var policy = _fixture.Policy();
        File.WriteAllText(_fixture.AliasesPath, "postmaster root\n");
        File.SetLastWriteTimeUtc(_fixture.AliasesPath, DateTime.UtcNow.AddSeconds(5));

        var decision = await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "someone-unknown@localhost", default);
        Assert.Equal("451 4.3.0 <someone-unknown@localhost>: Temporary lookup failure", decision.Reject?.Summary);
        Assert.Contains(_fixture.Logs.Entries, entry => entry.Message.Contains($"{_fixture.AliasesPath}, line 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_any_relay_guard_every_recipient_is_a_configuration_error()
    {
        var settings = _fixture.Settings with { RelayRestrictions = ["permit_mynetworks"], RecipientRestrictions = [] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Outsider, "", "user@remote.example", default);
        Assert.Equal("451 4.3.5 Server configuration error", decision.Reject?.Summary);
        Assert.Contains(_fixture.Logs.Entries, entry => entry.Message.Contains("specify at least one working instance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Default_mynetworks_style_host_trusts_this_machine()
    {
        var settings = _fixture.Settings with { MyNetworks = null, MyNetworksStyle = "host" };
        var policy = _fixture.Policy(settings);
        Assert.True(policy.IsInMyNetworks(IPAddress.Loopback));
        Assert.False(policy.IsInMyNetworks(IPAddress.Parse("203.0.113.77")));
        var decision = await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "user@remote.example", default);
        Assert.True(decision.IsAccepted);
    }
}
