namespace Estafeta.Tables.Tests;

public sealed class AliasFileTableTests
{
    [Fact]
    public void Reads_aliases_syntax()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("aliases", """
            # /etc/aliases
            postmaster: root
            Staff:   alice, bob,
                carol
            "name with spaces": dave
            log:     /var/log/mail-copy
            pipe:    "|/usr/bin/handler --flag, x"
            list:    :include:/etc/mail/list
            """);
        var table = LookupTables.Open($"hash:{file}", TextTableSyntax.Aliases);

        Assert.Equal("root", table.Lookup("postmaster"));
        Assert.Equal("alice, bob, carol", table.Lookup("staff"));
        Assert.Equal("dave", table.Lookup("name with spaces"));
        Assert.Equal("/var/log/mail-copy", table.Lookup("log"));
        Assert.Equal(":include:/etc/mail/list", table.Lookup("list"));
        Assert.Equal(["|/usr/bin/handler --flag, x"], AliasValues.Split(table.Lookup("pipe")!));
        Assert.Equal(["alice", "bob", "carol"], AliasValues.Split(table.Lookup("staff")!));
        Assert.Null(table.Lookup("root"));
    }

    [Fact]
    public void Line_without_colon_names_file_and_line()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("aliases", "root: admin\nbroken line\n");
        var error = Assert.Throws<LookupTableException>(() => LookupTables.Open($"hash:{file}", TextTableSyntax.Aliases));
        Assert.Equal($"{file}, line 2: need name:value pair", error.Message);
    }
}
