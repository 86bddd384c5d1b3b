using Estafeta.TestKit;

namespace Estafeta.Tables.Tests;

/// <summary>getpwnam answers are remembered for a few seconds, but never past a change of /etc/passwd: a user added
/// or removed is seen by the very next lookup (mail for a new account must not bounce as "unknown user").</summary>
public sealed class AccountCacheTests
{
    [Fact]
    public void An_account_added_or_removed_is_seen_by_the_next_lookup()
    {
        var name = "estc" + Guid.NewGuid().ToString("N")[..8];
        Assert.Null(UnixAccounts.FindByName(name));
        Assert.Null(UnixAccounts.FindByName(name)); // now remembered as "no such user"

        Run("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-d", "/nonexistent", name);
        try
        {
            var added = UnixAccounts.FindByName(name);
            Assert.NotNull(added);
            Assert.Equal(name, added.Name);
        }
        finally
        {
            Run("userdel", name);
        }

        Assert.Null(UnixAccounts.FindByName(name));
    }

    private static void Run(string program, params string[] arguments) => UserAccountTools.Run(program, arguments);
}
