namespace Estafeta.Tables.Tests;

public sealed class RegexpTableTests
{
    [Fact]
    public void First_match_wins_with_substitution_and_case_folding()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t.regexp", """
            /^(.*)@example\.com$/     user $1 at example
            /^Exact$/i                case sensitive
            !/@/                      no at sign
            /.*/                      anything
            """);
        var table = LookupTables.Open($"regexp:{file}");

        Assert.Equal("user Bob at example", table.Lookup("Bob@EXAMPLE.com"));
        Assert.Equal("case sensitive", table.Lookup("Exact"));
        Assert.Equal("no at sign", table.Lookup("exact"));
        Assert.Equal("anything", table.Lookup("x@y"));
    }

    [Fact]
    public void If_endif_and_braced_groups()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t.regexp", "if /@example\\.org$/\n/^(a)(b)/ ${2}-$1-$$\nendif\n/^ab/ outside\n");
        var table = LookupTables.Open($"regexp:{file}");
        Assert.Equal("b-a-$", table.Lookup("ab@example.org"));
        Assert.Equal("outside", table.Lookup("ab@other.org"));
    }

    [Theory]
    [InlineData("/unclosed result\n", "no closing regexp delimiter")]
    [InlineData("/(/ result\n", "bad regular expression")]
    [InlineData("/ok/ \n", "no replacement text")]
    [InlineData("/ok/q result\n", "unknown regexp option")]
    [InlineData("endif\n", "ENDIF without matching IF")]
    public void Bad_lines_name_file_and_line(string content, string why)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t.regexp", "/fine/ ok\n" + content);
        var error = Assert.Throws<LookupTableException>(() => LookupTables.Open($"regexp:{file}"));
        Assert.StartsWith($"{file}, line 2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catastrophic_backtracking_times_out_as_a_lookup_failure()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t.regexp", "/^(a+)+$/ matched\n");
        var table = LookupTables.Open($"regexp:{file}");
        Assert.Throws<LookupTableException>(() => table.Lookup(new string('a', 40) + "!"));
    }
}
