namespace Estafeta.Tables.Tests;

public sealed class HashTextTableTests
{
    [Theory]
    [InlineData("hash")]
    [InlineData("btree")]
    [InlineData("lmdb")]
    [InlineData("texthash")]
    [InlineData("dbm")]
    public void Reads_the_postmap_source_file(string type)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("access", """
            # a comment
            Example.COM    REJECT go away
            user@example.org	OK

            multi   first part
              continued here
            """);
        var table = LookupTables.Open($"{type}:{file}");

        Assert.Equal($"{type}:{file}", table.Name);
        Assert.Equal("REJECT go away", table.Lookup("example.com"));
        Assert.Equal("REJECT go away", table.Lookup("EXAMPLE.com"));
        Assert.Equal("OK", table.Lookup("user@example.org"));
        Assert.Equal("first part continued here", table.Lookup("multi"));
        Assert.Null(table.Lookup("# a comment"));
        Assert.Null(table.Lookup("other.example"));
    }

    [Fact]
    public void Proxy_is_the_table_it_names()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t", "key value\n");
        Assert.Equal("value", LookupTables.Open($"proxy:hash:{file}").Lookup("key"));
    }

    [Fact]
    public void Reads_the_file_again_when_it_changes()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t", "key old\n");
        var table = LookupTables.Open($"hash:{file}");
        Assert.Equal("old", table.Lookup("key"));

        File.WriteAllText(file, "key newer\nadded yes\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));

        Assert.Equal("newer", table.Lookup("key"));
        Assert.Equal("yes", table.Lookup("added"));
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "nope");
        var error = Assert.Throws<LookupTableException>(() => LookupTables.Open($"hash:{missing}"));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_line_names_file_and_line()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t", "good value\n# comment\nlonelykey\n");
        var error = Assert.Throws<LookupTableException>(() => LookupTables.Open($"hash:{file}"));
        Assert.Equal($"{file}, line 3: expected format: key whitespace value", error.Message);
    }

    [Fact]
    public void A_file_broken_after_opening_fails_lookups_instead_of_answering_not_found()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t", "key value\n");
        var table = LookupTables.Open($"hash:{file}");
        File.WriteAllText(file, "key value\nbroken\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));

        Assert.Throws<LookupTableException>(() => table.Lookup("key"));
    }

    [Theory]
    [InlineData("nosuchtype:/etc/x")]
    [InlineData("hash:relative/path")]
    [InlineData("no-colon")]
    [InlineData("unix:group.byname")]
    public void Refuses_specs_it_cannot_serve(string spec) =>
        Assert.Throws<LookupTableException>(() => LookupTables.Open(spec));
}
