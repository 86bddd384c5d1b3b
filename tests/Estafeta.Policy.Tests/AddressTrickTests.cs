namespace Estafeta.Policy.Tests;

/// <summary>reliability.md §2a: the nmap smtp-open-relay probes and more, from a client outside mynetworks.</summary>
public sealed class AddressTrickTests : IDisposable
{
    private readonly PolicyFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("relaytest@ext.example")]
    [InlineData("relaytest%ext.example@[127.0.0.1]")]
    [InlineData("relaytest%ext.example@mail.example.test")]
    [InlineData("\"relaytest@ext.example\"")]
    [InlineData("\"relaytest%ext.example\"")]
    [InlineData("\"relaytest@ext.example\"@[127.0.0.1]")]
    [InlineData("\"relaytest@ext.example\"@mail.example.test")]
    [InlineData("\"relaytest%ext.example\"@MAIL.EXAMPLE.TEST.")]
    [InlineData("@[127.0.0.1]:relaytest@ext.example")]
    [InlineData("@mail.example.test:relaytest@ext.example")]
    [InlineData("@mail.example.test,@localhost:relaytest@ext.example")]
    [InlineData("ext.example!relaytest")]
    [InlineData("ext.example!relaytest@[127.0.0.1]")]
    [InlineData("ext.example!relaytest@mail.example.test")]
    [InlineData("ext.example!relaytest%localhost@mail.example.test")]
    [InlineData("relaytest@ext.example.")]
    [InlineData("RELAYTEST@EXT.EXAMPLE")]
    [InlineData("user@[10.0.0.1]")]
    [InlineData("\"user%[10.0.0.1]\"@mail.example.test")]
    [InlineData("\"relaytest%ext.example.\"@mail.example.test")]
    [InlineData("user@[127.0.0.2]")]
    [InlineData("user@[IPv6:::1]")]
    [InlineData("user@mail.example.test.ext.example")]
    [InlineData("user@evilmail.example.test")]
    public async Task Relay_attempt_is_refused(string recipient)
    {
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Outsider, "spam@outside.example", recipient, default);
        Assert.Equal($"554 5.7.1 <{recipient}>: Relay access denied", decision.Reject?.Summary);
    }

    [Theory]
    [InlineData("relaytest@ext.example@[127.0.0.1]")]
    [InlineData("relaytest@ext.example@mail.example.test")]
    [InlineData("<relaytest@ext.example >")]
    [InlineData("relaytest%ext.example.@mail.example.test")]
    [InlineData("user%[10.0.0.1]@mail.example.test")]
    [InlineData("\"user@ext.example\"%localhost@mail.example.test")]
    [InlineData("")]
    public async Task Malformed_recipient_is_refused_as_bad_syntax(string recipient)
    {
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Outsider, "", recipient, default);
        Assert.Equal("501 5.1.3 Bad recipient address syntax", decision.Reject?.Summary);
    }

    [Theory]
    [InlineData("user%ext.example@mail.example.test")]
    [InlineData("ext.example!user@mail.example.test")]
    public async Task Without_percent_hack_and_bang_paths_the_address_stays_local(string recipient)
    {
        var settings = _fixture.Settings with { AllowPercentHack = false, SwapBangpath = false };
        var decision = await _fixture.Policy(settings).CheckRecipientAsync(PolicyFixture.Outsider, "", recipient, default);
        Assert.Equal($"550 5.1.1 <{recipient}>: Recipient address rejected: User unknown in local recipient table", decision.Reject?.Summary);
    }

    [Fact]
    public async Task The_same_tricks_from_inside_mynetworks_are_relayed_as_postfix_does()
    {
        var decision = await _fixture.Policy().CheckRecipientAsync(PolicyFixture.Insider, "", "relaytest%ext.example@mail.example.test", default);
        Assert.True(decision.IsAccepted, decision.Reject?.Summary);
    }
}
