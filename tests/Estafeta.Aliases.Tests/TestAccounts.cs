using Estafeta.TestKit;

namespace Estafeta.Aliases.Tests;

/// <summary>Two real accounts (useradd) with home directories in a temp folder, removed at the end.</summary>
public sealed class TestAccounts : IDisposable
{
    private readonly TempDirectory _homes = new();

    public TestAccounts()
    {
        // Homes live under a temp folder (0700 by default): let the users reach their homes.
        File.SetUnixFileMode(_homes.Path, (UnixFileMode)0b111_101_101);
        var stem = "est" + Guid.NewGuid().ToString("N")[..7];
        Alice = Create(stem + "a");
        Bob = Create(stem + "b");
    }

    public TestUser Alice { get; }

    public TestUser Bob { get; }

    public void Dispose()
    {
        Run("userdel", Alice.Name);
        Run("userdel", Bob.Name);
        _homes.Dispose();
    }

    private TestUser Create(string name)
    {
        var home = Path.Combine(_homes.Path, name);
        Directory.CreateDirectory(home);
        Run("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-d", home, name);
        Run("chown", name, home);
        var account = Estafeta.Tables.UnixAccounts.FindByName(name) ?? throw new InvalidOperationException($"useradd {name} made no account");
        return new TestUser(name, account.UserId, home);
    }

    /// <summary>Runs an account command, one at a time across the test processes (see UserAccountTools).</summary>
    internal static void Run(string program, params string[] arguments) => UserAccountTools.Run(program, arguments);
}

public sealed record TestUser(string Name, uint UserId, string Home);

[CollectionDefinition("accounts")]
public sealed class AccountsCollection : ICollectionFixture<TestAccounts>;
