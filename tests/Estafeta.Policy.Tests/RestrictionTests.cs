using System.Net;
using Microsoft.Extensions.Logging;

namespace Estafeta.Policy.Tests;

public sealed class RestrictionTests : IDisposable
{
    private readonly PolicyFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private PolicySettings WithRelay(params string[] relayRestrictions) => _fixture.Settings with { RelayRestrictions = relayRestrictions };

    [Fact]
    public async Task Unknown_restriction_is_a_451_4_3_5_and_a_warning()
    {
        var policy = _fixture.Policy(WithRelay("permit_mynetworks", "reject_everything_bad", "reject_unauth_destination"));
        var decision = await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", "root@mail.example.test", default);

        Assert.Equal("451 4.3.5 Server configuration error\r\n", decision.Reject?.ToWire());
        Assert.Contains(_fixture.Logs.Entries, entry =>
            entry is { Category: "smtpd", Level: LogLevel.Warning } && entry.Message == "unknown smtpd restriction: \"reject_everything_bad\"");
    }

    [Fact]
    public async Task Check_recipient_access_reject_with_text_and_ok()
    {
        var access = _fixture.Write("access", """
            blocked@mail.example.test   REJECT no mail for you
            friend.example              OK
            slow.example                450 4.7.0 come back later
            plain.example               REJECT
            tempo.example               DEFER
            listed.example              permit_mynetworks, reject
            """);
        var policy = _fixture.Policy(WithRelay("check_recipient_access", $"hash:{access}", "permit_mynetworks", "reject_unauth_destination"));

        async Task<string?> Ask(string rcpt) => (await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", rcpt, default)).Reject?.Summary;

        Assert.Equal("554 5.7.1 <blocked@mail.example.test>: Recipient address rejected: no mail for you", await Ask("blocked@mail.example.test"));
        Assert.Null(await Ask("anyone@friend.example"));
        Assert.Null(await Ask("anyone@sub.friend.example"));
        Assert.Equal("450 4.7.0 <x@slow.example>: Recipient address rejected: come back later", await Ask("x@slow.example"));
        Assert.Equal("554 5.7.1 <x@plain.example>: Recipient address rejected: Access denied", await Ask("x@plain.example"));
        Assert.Equal("450 4.7.1 <x@tempo.example>: Recipient address rejected: Access denied", await Ask("x@tempo.example"));
        Assert.Equal("554 5.7.1 <x@listed.example>: Recipient address rejected: Access denied", await Ask("x@listed.example"));
        Assert.Equal("554 5.7.1 <x@other.example>: Relay access denied", await Ask("x@other.example"));
    }

    [Fact]
    public async Task Access_ok_does_not_skip_the_local_recipient_check()
    {
        var policy = _fixture.Policy(WithRelay("check_recipient_access", "inline:{ mail.example.test=OK }", "reject_unauth_destination"));
        var decision = await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", "nosuchuser-q@mail.example.test", default);
        Assert.Equal(550, decision.Reject?.Code);
    }

    [Fact]
    public async Task Check_sender_access_is_applied_at_rcpt_with_delayed_reject()
    {
        var settings = _fixture.Settings with { SenderRestrictions = ["check_sender_access inline:{ spammer.example=REJECT }"] };
        var policy = _fixture.Policy(settings);

        Assert.True((await policy.CheckSenderAsync(PolicyFixture.Outsider, "bob@spammer.example", default)).IsAccepted);
        var decision = await policy.CheckRecipientAsync(PolicyFixture.Outsider, "bob@spammer.example", "root@mail.example.test", default);
        Assert.Equal("554 5.7.1 <bob@spammer.example>: Sender address rejected: Access denied", decision.Reject?.Summary);
        Assert.True((await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", "root@mail.example.test", default)).IsAccepted);
    }

    [Fact]
    public async Task Without_delayed_reject_sender_checks_run_at_mail()
    {
        var settings = _fixture.Settings with { DelayReject = false, SenderRestrictions = ["reject_non_fqdn_sender"] };
        var decision = await _fixture.Policy(settings).CheckSenderAsync(PolicyFixture.Outsider, "bob", default);
        Assert.Equal("504 5.5.2 <bob>: Sender address rejected: need fully-qualified address", decision.Reject?.Summary);
    }

    [Fact]
    public async Task Check_client_access_with_a_cidr_table()
    {
        var cidr = _fixture.Write("clients.cidr", "127.0.0.9/32 REJECT go away\n");
        var settings = _fixture.Settings with { ClientRestrictions = ["check_client_access", $"cidr:{cidr}"] };
        var policy = _fixture.Policy(settings);

        var decision = await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", "root@mail.example.test", default);
        Assert.Equal("554 5.7.1 <unknown[127.0.0.9]>: Client host rejected: go away", decision.Reject?.Summary);
        Assert.True((await policy.CheckRecipientAsync(PolicyFixture.Insider, "", "root@mail.example.test", default)).IsAccepted);
    }

    [Fact]
    public async Task Reject_non_fqdn_recipient()
    {
        var settings = _fixture.Settings with { RecipientRestrictions = ["reject_non_fqdn_recipient"] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Insider, "", "root", default);
        Assert.Equal("504 5.5.2 <root>: Recipient address rejected: need fully-qualified address", decision.Reject?.Summary);
    }

    [Fact]
    public async Task Reject_unknown_recipient_domain_asks_dns_for_remote_domains_only()
    {
        _fixture.Dns.Answers["exists.example"] = DomainStatus.Exists;
        _fixture.Dns.Answers["flaky.example"] = DomainStatus.TemporaryFailure;
        var settings = _fixture.Settings with { RecipientRestrictions = ["reject_unknown_recipient_domain"] };
        var policy = _fixture.Policy(settings);

        async Task<string?> Ask(string rcpt) => (await policy.CheckRecipientAsync(PolicyFixture.Insider, "", rcpt, default)).Reject?.Summary;

        Assert.Equal("450 4.1.2 <u@nx.example>: Recipient address rejected: Domain not found", await Ask("u@nx.example"));
        Assert.Equal("450 4.1.2 <u@flaky.example>: Recipient address rejected: Domain not found", await Ask("u@flaky.example"));
        Assert.Null(await Ask("u@exists.example"));
        Assert.Null(await Ask("root@mail.example.test"));
        Assert.DoesNotContain("mail.example.test", _fixture.Dns.Asked);

        var permanent = _fixture.Policy(settings with { UnknownAddressRejectCode = 550 });
        var decision = await permanent.CheckRecipientAsync(PolicyFixture.Insider, "", "u@nx.example", default);
        Assert.Equal("550 5.1.2 <u@nx.example>: Recipient address rejected: Domain not found", decision.Reject?.Summary);
    }

    [Fact]
    public async Task Reject_unknown_sender_domain()
    {
        var settings = _fixture.Settings with { SenderRestrictions = ["reject_unknown_sender_domain"] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Insider, "bob@nx.example", "root@localhost", default);
        Assert.Equal("450 4.1.8 <bob@nx.example>: Sender address rejected: Domain not found", decision.Reject?.Summary);
        Assert.True((await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Insider, "", "root@localhost", default)).IsAccepted);
    }

    [Fact]
    public async Task Reject_and_defer_use_the_scope_of_their_list()
    {
        var reject = _fixture.Policy(_fixture.Settings with { HeloRestrictions = ["reject"] });
        var defer = _fixture.Policy(WithRelay("defer"));

        Assert.Equal("554 5.7.1 <outside.example>: Helo command rejected: Access denied",
            (await reject.CheckRecipientAsync(PolicyFixture.Outsider, "", "root@localhost", default)).Reject?.Summary);
        Assert.Equal("450 4.3.2 <root@localhost>: Recipient address rejected: Try again later",
            (await defer.CheckRecipientAsync(PolicyFixture.Outsider, "", "root@localhost", default)).Reject?.Summary);
    }

    [Fact]
    public async Task Mynetworks_from_a_table_and_negation()
    {
        var cidr = _fixture.Write("nets.cidr", "127.0.0.0/8 ok\n");
        var policy = _fixture.Policy(_fixture.Settings with { MyNetworks = ["!127.0.0.9", $"cidr:{cidr}"] });
        Assert.True(policy.IsInMyNetworks(IPAddress.Parse("127.0.0.5")));
        Assert.False(policy.IsInMyNetworks(IPAddress.Parse("127.0.0.9")));
        Assert.False((await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", "x@remote.example", default)).IsAccepted);
    }
}

public sealed class MoreRestrictionTests : IDisposable
{
    private readonly PolicyFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Reject_unlisted_recipient_in_a_list_works_when_the_global_check_is_off()
    {
        var settings = _fixture.Settings with { RejectUnlistedRecipient = false };
        var withList = settings with { RecipientRestrictions = ["reject_unlisted_recipient"] };

        Assert.True((await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Insider, "", "ghost-xyz@localhost", default)).IsAccepted);
        var decision = await _fixture.Policy(withList).CheckRecipientAsync(PolicyFixture.Insider, "", "ghost-xyz@localhost", default);
        Assert.Equal("550 5.1.1 <ghost-xyz@localhost>: Recipient address rejected: User unknown in local recipient table", decision.Reject?.Summary);
    }

    [Fact]
    public async Task Mynetworks_style_subnet_covers_the_loopback_net()
    {
        var policy = _fixture.Policy(_fixture.Settings with { MyNetworks = [], MyNetworksStyle = "subnet" });
        Assert.True(policy.IsInMyNetworks(System.Net.IPAddress.Parse("127.0.0.9")));
        Assert.True((await policy.CheckRecipientAsync(PolicyFixture.Outsider, "", "x@remote.example", default)).IsAccepted);
    }

    [Fact]
    public async Task Regexp_recipient_access_with_a_numeric_reply()
    {
        var regexp = _fixture.Write("rcpt.regexp", "/^spamtrap@/ 550 5.1.1 no such mailbox\n");
        var settings = _fixture.Settings with { RecipientRestrictions = ["check_recipient_access", $"regexp:{regexp}"] };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Insider, "", "SpamTrap@localhost", default);
        Assert.Equal("550 5.1.1 <SpamTrap@localhost>: Recipient address rejected: no such mailbox", decision.Reject?.Summary);
    }

    [Fact]
    public void Missing_local_recipient_table_is_reported_at_construction_with_its_name()
    {
        var missing = Path.Combine(_fixture.Dir, "no-such-aliases");
        var settings = _fixture.Settings with { LocalRecipientMaps = [$"hash:{missing}"] };
        var error = Assert.Throws<Estafeta.Tables.LookupTableException>(() => _fixture.Policy(settings));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
