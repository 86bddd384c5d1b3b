using Estafeta.Tables;

namespace Estafeta.Tables.Tests;

public sealed class NisTableTests
{
    [Fact]
    public void Nis_table_of_postfix_default_alias_maps_opens_and_finds_nothing()
    {
        // Postfix's default alias_maps is "hash:/etc/aliases, nis:mail.aliases"; without NIS it finds nothing.
        var table = LookupTables.Open("nis:mail.aliases");
        Assert.Null(table.Lookup("root"));
        Assert.Equal("nis:mail.aliases", table.Name);
    }

    [Fact]
    public void Unknown_table_type_is_still_an_error_naming_it()
    {
        var error = Assert.Throws<LookupTableException>(() => LookupTables.Open("ldap:/etc/postfix/ldap.cf"));
        Assert.Contains("ldap", error.Message);
    }
}
