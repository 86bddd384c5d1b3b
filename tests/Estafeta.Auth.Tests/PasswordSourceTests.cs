using System.Text;
using Estafeta.Auth;

namespace Estafeta.Auth.Tests;

public sealed class PasswordSourceTests
{
    [Theory]
    [InlineData("alice:{SHA512-CRYPT}$6$abc$def", "alice", "$6$abc$def")]
    [InlineData("bob:{BLF-CRYPT}$2b$05$abcdefghijklmnopqrstuv:1000:1000::/home/bob::", "bob", "$2b$05$abcdefghijklmnopqrstuv")]
    [InlineData("carol:$y$j9T$salt$hash", "carol", "$y$j9T$salt$hash")]
    public void Dovecot_passwd_file_lines_give_user_and_hash(string line, string user, string hash)
    {
        Assert.True(PasswordFile.TryParseLine(line, out var parsedUser, out var parsedHash));
        Assert.Equal(user, parsedUser);
        Assert.Equal(hash, parsedHash);
    }

    [Theory]
    [InlineData("# alice:{SHA512-CRYPT}$6$abc$def")]
    [InlineData("")]
    [InlineData("alice:{PLAIN}secret")]
    [InlineData("alice:{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA")]
    [InlineData("alice:{SHA512-CRYPT}$2b$05$mismatchedscheme")]
    [InlineData(":{SHA512-CRYPT}$6$abc$def")]
    public void Lines_it_cannot_check_are_not_used(string line)
    {
        Assert.False(PasswordFile.TryParseLine(line, out _, out _));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Set_password_adds_then_replaces_a_line_and_the_file_is_0600()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "passwd");
        File.WriteAllText(path, "# users\nother:{SHA512-CRYPT}$6$x$y\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var file = new PasswordFile(path);

        PasswordFile.SetPassword(path, "alice", "SHA512-CRYPT", CryptHasher.Hash("first", "$6$"));
        var first = file.FindHash("alice");
        PasswordFile.SetPassword(path, "alice", "BLF-CRYPT", CryptHasher.Hash("second", "$2b$"));
        var second = file.FindHash("alice");

        Assert.NotNull(first);
        Assert.True(CryptHasher.Instance.Verify("first"u8, first));
        Assert.NotNull(second);
        Assert.True(CryptHasher.Instance.Verify("second"u8, second));
        var lines = File.ReadAllLines(path);
        Assert.Equal(["# users", "other:{SHA512-CRYPT}$6$x$y"], lines[..2]);
        Assert.Single(lines, line => line.StartsWith("alice:{BLF-CRYPT}$2b$", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_missing_password_file_knows_nobody()
    {
        using var dir = new TempDirectory();
        Assert.Null(new PasswordFile(Path.Combine(dir.Path, "none")).FindHash("alice"));
    }

    [Fact]
    public void System_accounts_refuse_system_users_locked_accounts_and_nobody()
    {
        using var dir = new TempDirectory();
        var passwd = Path.Combine(dir.Path, "passwd");
        var shadow = Path.Combine(dir.Path, "shadow");
        var hash = CryptHasher.Hash("pw", "$y$");
        File.WriteAllLines(passwd,
        [
            "root:x:0:0:root:/root:/bin/bash",
            "alice:x:1000:1000::/home/alice:/bin/bash",
            "locked:x:1001:1001::/home/locked:/bin/bash",
            "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin",
        ]);
        File.WriteAllLines(shadow,
        [
            $"root:{hash}:19000:0:99999:7:::",
            $"alice:{hash}:19000:0:99999:7:::",
            $"locked:!{hash}:19000:0:99999:7:::",
            $"nobody:{hash}:19000:0:99999:7:::",
        ]);
        var accounts = new SystemAccounts(passwd, shadow);

        Assert.Equal(hash, accounts.FindHash("alice"));
        Assert.Null(accounts.FindHash("root"));
        Assert.Null(accounts.FindHash("locked"));
        Assert.Null(accounts.FindHash("nobody"));
        Assert.Null(accounts.FindHash("alic"));
        Assert.Null(accounts.FindHash("alice:x"));
    }

    [Fact]
    public void An_unreadable_shadow_file_is_a_temporary_failure_naming_the_file()
    {
        using var dir = new TempDirectory();
        var passwd = Path.Combine(dir.Path, "passwd");
        File.WriteAllLines(passwd, ["alice:x:1000:1000::/home/alice:/bin/bash"]);
        var verifier = new PasswordVerifier([new SystemAccounts(passwd, Path.Combine(dir.Path, "no-shadow"))]);

        Assert.Equal(AuthOutcome.TemporaryFailure, verifier.Verify("alice", Encoding.UTF8.GetBytes("pw")));
        Assert.Contains("no-shadow", verifier.LastSourceProblem("alice"), StringComparison.Ordinal);
    }
}
