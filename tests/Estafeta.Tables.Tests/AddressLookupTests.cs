namespace Estafeta.Tables.Tests;

public sealed class AddressLookupTests
{
    [Fact]
    public void Keys_follow_postfix_order_for_a_local_domain()
    {
        Assert.Equal(
            ["user+ext@example.org", "user@example.org", "user+ext", "user", "@example.org"],
            AddressLookup.Keys("User+Ext", "Example.ORG", domainIsLocal: true, recipientDelimiter: "+"));
    }

    [Fact]
    public void Bare_local_part_is_not_asked_for_a_remote_domain()
    {
        Assert.Equal(["user@remote.example", "@remote.example"], AddressLookup.Keys("user", "remote.example", false, "+"));
    }

    [Fact]
    public void Finds_in_key_order_across_tables()
    {
        var first = LookupTables.Open("inline:{ @example.org=catchall }");
        var second = LookupTables.Open("inline:{ user=found-user }");
        Assert.Equal("found-user", AddressLookup.Find([first, second], "user-list", "example.org", true, "+-"));
        Assert.Equal("catchall", AddressLookup.Find([first, second], "other", "example.org", true, "+"));
        Assert.Null(AddressLookup.Find([second], "user", "remote.example", false, "+"));
    }

    [Theory]
    [InlineData("user+ext", "+", "user")]
    [InlineData("+user", "+", "+user")]
    [InlineData("user-ext+x", "+-", "user")]
    [InlineData("user+ext", null, "user+ext")]
    public void Strips_the_extension(string localPart, string? delimiter, string expected) =>
        Assert.Equal(expected, AddressLookup.WithoutExtension(localPart, delimiter));
}

public sealed class AliasLookupTests
{
    [Fact]
    public void Alias_lookup_uses_the_local_part_with_then_without_extension()
    {
        var aliases = LookupTables.Open("inline:{ staff=alice, staff+urgent=pager }");
        Assert.Equal("pager", AddressLookup.FindAlias([aliases], "Staff+Urgent", "+"));
        Assert.Equal("alice", AddressLookup.FindAlias([aliases], "staff+other", "+"));
        Assert.Null(AddressLookup.FindAlias([aliases], "staff+other", null));
    }

    [Theory]
    [InlineData("hash:/etc/aliases", true)]
    [InlineData("proxy:unix:passwd.byname", true)]
    [InlineData("inline:{a=b}", true)]
    [InlineData("127.0.0.0/8", false)]
    [InlineData("[::1]/128", false)]
    [InlineData("2001:db8::/32", false)]
    [InlineData("::1", false)]
    [InlineData("example.com", false)]
    public void Tells_table_specs_from_plain_values(string text, bool expected) =>
        Assert.Equal(expected, LookupTables.IsTableSpec(text));

    [Fact]
    public void Pcre_tables_are_read_as_regexp()
    {
        var dir = Path.Combine(Path.GetTempPath(), "estafeta-pcre-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "t.pcre");
            File.WriteAllText(file, "/^(\\w+)@example\\.net$/ $1\n");
            Assert.Equal("bob", LookupTables.Open($"pcre:{file}").Lookup("bob@example.net"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
