using System.Net;

namespace Estafeta.Tables.Tests;

public sealed class CidrTableTests
{
    [Fact]
    public void First_matching_prefix_wins_for_ipv4_and_ipv6()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("clients.cidr", """
            192.168.1.7        REJECT this one
            192.168.1.0/24     OK
            !10.0.0.0/8        DUNNO
            2001:db8::/32      ipv6 ok
            [::1]/128          loopback6
            10.0.0.0/8         ten
            """);
        var table = LookupTables.Open($"cidr:{file}");

        Assert.Equal("REJECT this one", table.Lookup("192.168.1.7"));
        Assert.Equal("OK", table.Lookup("192.168.1.8"));
        Assert.Equal("DUNNO", table.Lookup("172.16.0.1"));
        Assert.Equal("ten", table.Lookup("10.1.2.3"));
        Assert.Equal("ipv6 ok", table.Lookup("2001:db8:1::5"));
        Assert.Equal("loopback6", table.Lookup("::1"));
        Assert.Null(table.Lookup("not-an-address"));
    }

    [Fact]
    public void If_endif_blocks_skip_when_the_condition_fails()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t.cidr", "if 10.0.0.0/8\n10.1.0.0/16 inner\nendif\n0.0.0.0/0 outer\n");
        var table = LookupTables.Open($"cidr:{file}");
        Assert.Equal("inner", table.Lookup("10.1.2.3"));
        Assert.Equal("outer", table.Lookup("10.2.0.1"));
        Assert.Equal("outer", table.Lookup("192.0.2.1"));
    }

    [Theory]
    [InlineData("10.1.2.3/8 x\n", "non-null host address bits")]
    [InlineData("10.0.0.0/33 x\n", "bad net/mask pattern")]
    [InlineData("banana/8 x\n", "bad address pattern")]
    [InlineData("10.0.0.0/8\n", "no lookup result")]
    public void Bad_lines_name_file_and_line(string content, string why)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("t.cidr", "# first\n" + content);
        var error = Assert.Throws<LookupTableException>(() => LookupTables.Open($"cidr:{file}"));
        Assert.StartsWith($"{file}, line 2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.1", true)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.1", true)]
    [InlineData("[::ffff:127.0.0.0]/104", "127.0.0.9", true)]
    [InlineData("[::ffff:127.0.0.0]/104", "::ffff:127.0.0.9", true)]
    [InlineData("[::1]/128", "::1", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.9", false)]
    [InlineData("192.168.1.0/24", "192.168.2.1", false)]
    [InlineData("[::1]/128", "127.0.0.1", false)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    public void Network_prefix_matching(string prefix, string address, bool expected) =>
        Assert.Equal(expected, NetworkPrefix.Parse(prefix).Contains(IPAddress.Parse(address)));
}
