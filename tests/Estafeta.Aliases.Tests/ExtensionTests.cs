using Estafeta.Delivery;

namespace Estafeta.Aliases.Tests;

[Collection("accounts")]
public sealed class ExtensionTests(TestAccounts accounts)
{
    private readonly TestUser _alice = accounts.Alice;
    private readonly TestUser _bob = accounts.Bob;

    private static LocalExpansionSettings Plus(LocalExpansionSettings settings) => settings with { RecipientDelimiter = "+" };

    [Fact]
    public void User_plus_extension_goes_to_the_users_mailbox_with_the_extension()
    {
        using var fixture = new ExpanderFixture("# none\n", Plus);

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand($"{_alice.Name}+lists@host.test")));

        Assert.Equal(_alice.Name, mailbox.User.Name);
        Assert.Equal("lists", mailbox.Extension);
        Assert.Equal($"{_alice.Name}+lists@host.test", mailbox.Address);
    }

    [Fact]
    public void Without_a_delimiter_plus_is_part_of_the_name()
    {
        using var fixture = new ExpanderFixture("# none\n");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand($"{_alice.Name}+lists@host.test")));

        Assert.Equal($"unknown user: \"{_alice.Name}+lists\"", failed.Reason);
    }

    [Fact]
    public void Alias_for_the_bare_name_matches_and_does_not_propagate_the_extension()
    {
        using var fixture = new ExpanderFixture($"team: {_alice.Name}\n", Plus);

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("team+urgent@host.test")));

        Assert.Equal(_alice.Name, mailbox.User.Name);
        Assert.Null(mailbox.Extension);
        Assert.Equal($"{_alice.Name}@host.test", mailbox.Address);
        Assert.Equal("team+urgent@host.test", mailbox.OriginalAddress);
    }

    [Fact]
    public void Alias_with_the_extension_wins_over_the_bare_name()
    {
        using var fixture = new ExpanderFixture($"team: {_alice.Name}\nteam+urgent: {_bob.Name}\n", Plus);

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("team+urgent@host.test")));

        Assert.Equal(_bob.Name, mailbox.User.Name);
    }

    [Fact]
    public void Propagate_unmatched_extensions_alias_keeps_the_extension()
    {
        using var fixture = new ExpanderFixture($"team: {_alice.Name}\n", settings => Plus(settings) with { PropagateUnmatchedExtensions = "canonical, virtual, alias" });

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("team+urgent@host.test")));

        Assert.Equal("urgent", mailbox.Extension);
        Assert.Equal($"{_alice.Name}+urgent@host.test", mailbox.Address);
    }

    [Fact]
    public void Owner_and_request_names_are_not_split_at_a_dash_delimiter()
    {
        Assert.Equal(("owner-list", null, null), RecipientDelimiter.Split("owner-list", "-", ownerRequestSpecial: true));
        Assert.Equal(("list-request", null, null), RecipientDelimiter.Split("list-request", "-", ownerRequestSpecial: true));
        Assert.Equal(("user", "a-b", "-"), RecipientDelimiter.Split("user-a-b", "+-", ownerRequestSpecial: true));
        Assert.Equal(("user", "x", "+"), RecipientDelimiter.Split("user+x", "+-", ownerRequestSpecial: true));
    }
}
