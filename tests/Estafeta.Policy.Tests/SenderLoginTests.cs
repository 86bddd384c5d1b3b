namespace Estafeta.Policy.Tests;

public sealed class SenderLoginTests : IDisposable
{
    private readonly PolicyFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private SmtpdPolicy Policy(string restriction)
    {
        var logins = _fixture.Write("sender_logins", """
            alice@mail.example.test    alice
            shared@mail.example.test   alice, bob
            @corp.example              carol
            """);
        return _fixture.Policy(_fixture.Settings with
        {
            SenderLoginMaps = [$"hash:{logins}"],
            SenderRestrictions = [restriction],
            RelayRestrictions = ["permit_sasl_authenticated", "permit_mynetworks", "reject_unauth_destination"],
        });
    }

    private static async Task<string?> AskAsync(SmtpdPolicy policy, string? login, string sender)
    {
        var client = PolicyFixture.Outsider with { SaslUser = login };
        return (await policy.CheckRecipientAsync(client, sender, "someone@remote.example", default)).Reject?.Summary;
    }

    [Fact]
    public async Task A_logged_in_user_may_use_only_the_addresses_of_their_login()
    {
        var policy = Policy("reject_sender_login_mismatch");

        Assert.Null(await AskAsync(policy, "alice", "alice@mail.example.test"));
        Assert.Null(await AskAsync(policy, "bob", "shared@mail.example.test"));
        Assert.Null(await AskAsync(policy, "carol", "anyone@corp.example"));
        Assert.Null(await AskAsync(policy, "alice", ""));
        Assert.Equal("553 5.7.1 <alice@mail.example.test>: Sender address rejected: not owned by user bob",
            await AskAsync(policy, "bob", "alice@mail.example.test"));
        Assert.Equal("553 5.7.1 <nobody@else.example>: Sender address rejected: not owned by user alice",
            await AskAsync(policy, "alice", "nobody@else.example"));
    }

    [Fact]
    public async Task A_client_that_is_not_logged_in_may_not_use_an_owned_address()
    {
        var policy = Policy("reject_sender_login_mismatch");

        Assert.Equal("553 5.7.1 <alice@mail.example.test>: Sender address rejected: not logged in",
            await AskAsync(policy, null, "alice@mail.example.test"));
        Assert.Equal("554 5.7.1 <someone@remote.example>: Relay access denied", await AskAsync(policy, null, "stranger@else.example"));
    }

    [Fact]
    public async Task The_known_variant_lets_a_login_use_addresses_no_one_owns()
    {
        var policy = Policy("reject_known_sender_login_mismatch");

        Assert.Null(await AskAsync(policy, "alice", "nobody@else.example"));
        Assert.NotNull(await AskAsync(policy, "bob", "alice@mail.example.test"));
    }

    [Fact]
    public async Task Without_sender_login_maps_the_restriction_is_a_configuration_error()
    {
        var policy = _fixture.Policy(_fixture.Settings with { SenderRestrictions = ["reject_sender_login_mismatch"] });

        Assert.Equal("451 4.3.5 Server configuration error", await AskAsync(policy, "alice", "alice@mail.example.test"));
    }
}
