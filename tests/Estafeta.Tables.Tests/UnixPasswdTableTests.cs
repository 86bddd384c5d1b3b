namespace Estafeta.Tables.Tests;

public sealed class UnixPasswdTableTests
{
    [Fact]
    public void Root_exists_and_a_random_name_does_not()
    {
        var table = LookupTables.Open("proxy:unix:passwd.byname");
        var root = table.Lookup("root");
        Assert.NotNull(root);
        Assert.StartsWith("root:x:0:0:", root, StringComparison.Ordinal);
        Assert.Equal(root, table.Lookup("ROOT"));
        Assert.Null(table.Lookup("nouser" + Guid.NewGuid().ToString("N")[..12]));
    }

    [Fact]
    public void Account_carries_home_and_ids()
    {
        var root = UnixAccounts.FindByName("root");
        Assert.NotNull(root);
        Assert.Equal(0u, root.UserId);
        Assert.Equal("/root", root.HomeDirectory);
    }
}
