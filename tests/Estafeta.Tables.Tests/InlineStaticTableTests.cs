namespace Estafeta.Tables.Tests;

public sealed class InlineStaticTableTests
{
    [Fact]
    public void Inline_table_takes_plain_and_braced_elements()
    {
        var table = LookupTables.Open("inline:{ key1=value1, { key2 = value with spaces }, Key3=v3 }");
        Assert.Equal("value1", table.Lookup("key1"));
        Assert.Equal("value with spaces", table.Lookup("key2"));
        Assert.Equal("v3", table.Lookup("KEY3"));
        Assert.Null(table.Lookup("key4"));
    }

    [Theory]
    [InlineData("inline:key=value")]
    [InlineData("inline:{ novalue }")]
    [InlineData("inline:{ { a=b }")]
    public void Inline_table_refuses_bad_syntax(string spec) =>
        Assert.Throws<LookupTableException>(() => LookupTables.Open(spec));

    [Fact]
    public void Static_table_answers_every_key()
    {
        var table = LookupTables.Open("static:OK");
        Assert.Equal("OK", table.Lookup("anything"));
        Assert.Equal("text with spaces", LookupTables.Open("static:{ text with spaces }").Lookup("x"));
    }
}
