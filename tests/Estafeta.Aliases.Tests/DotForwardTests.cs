using Estafeta.Delivery;

namespace Estafeta.Aliases.Tests;

[Collection("accounts")]
public sealed class DotForwardTests : IDisposable
{
    private readonly TestUser _alice;
    private readonly TestUser _bob;

    public DotForwardTests(TestAccounts accounts)
    {
        (_alice, _bob) = (accounts.Alice, accounts.Bob);
        Dispose();
    }

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(_alice.Home, ".forward*").Concat(Directory.GetFiles(_bob.Home, ".forward*")))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Forward_to_a_remote_address()
    {
        using var fixture = new ExpanderFixture("# none\n");
        WriteForward(_alice, "alice@remote.example\n");

        var forward = Assert.IsType<ForwardTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));

        Assert.Equal("alice@remote.example", forward.ForwardTo);
        Assert.Equal("sender@example.org", forward.Sender);
        Assert.Equal("alice@remote.example", forward.Address);
        Assert.Equal($"{_alice.Name}@host.test", forward.OriginalAddress);
    }

    [Fact]
    public void Backslash_self_and_a_command_run_as_the_user()
    {
        using var fixture = new ExpanderFixture("# none\n");
        WriteForward(_alice, $"\\{_alice.Name}, \"|/usr/bin/procmail -t\"\n");

        var targets = fixture.Expand($"{_alice.Name}@host.test");

        Assert.Equal(_alice.Name, Assert.IsType<MailboxTarget>(targets[0]).User.Name);
        var pipe = Assert.IsType<PipeTarget>(targets[1]);
        Assert.Equal("/usr/bin/procmail -t", pipe.Command);
        Assert.Equal(_alice.UserId, pipe.RunAs.UserId);
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public void Plain_self_name_in_forward_goes_to_the_mailbox_and_other_local_users_are_resubmitted()
    {
        using var fixture = new ExpanderFixture("# none\n");
        WriteForward(_alice, $"{_alice.Name}\n{_bob.Name}\n");

        var targets = fixture.Expand($"{_alice.Name}@host.test");

        Assert.Equal(_alice.Name, Assert.IsType<MailboxTarget>(targets[0]).User.Name);
        Assert.Equal($"{_bob.Name}@host.test", Assert.IsType<ForwardTarget>(targets[1]).ForwardTo);
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public void Alias_to_a_user_with_a_forward_file_follows_it()
    {
        using var fixture = new ExpanderFixture($"root: {_alice.Name}\n");
        WriteForward(_alice, "alice@remote.example\n");

        var forward = Assert.IsType<ForwardTarget>(Assert.Single(fixture.Expand("root@host.test")));

        Assert.Equal("alice@remote.example", forward.ForwardTo);
        Assert.Equal("root@host.test", forward.OriginalAddress);
    }

    [Fact]
    public void World_writable_forward_is_skipped_with_a_warning()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var path = WriteForward(_alice, "alice@remote.example\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));

        Assert.Equal(_alice.Name, mailbox.User.Name);
        Assert.Contains($"file {path} is world writable", fixture.Warnings);
    }

    [Fact]
    public void Group_writable_forward_is_used_as_postfix_does()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var path = WriteForward(_alice, "alice@remote.example\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_100);

        Assert.IsType<ForwardTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));
    }

    [Fact]
    public void Forward_owned_by_someone_else_is_skipped()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var path = WriteForward(_alice, "attacker@remote.example\n", owner: _bob);

        Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));
        Assert.Contains($"file {path} has bad owner uid {_bob.UserId}", fixture.Warnings);
    }

    [Fact]
    public void Symbolic_link_forward_is_skipped()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var real = Path.Combine(_alice.Home, "forward.real");
        File.WriteAllText(real, "alice@remote.example\n");
        var link = Path.Combine(_alice.Home, ".forward");
        File.CreateSymbolicLink(link, real);
        try
        {
            Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));
            Assert.Contains($"file {link} is not a regular file", fixture.Warnings);
        }
        finally
        {
            File.Delete(real);
        }
    }

    [Fact]
    public void Commands_refused_when_allow_mail_to_commands_excludes_forward()
    {
        using var fixture = new ExpanderFixture("# none\n", settings => settings with { AllowMailToCommands = "alias" });
        WriteForward(_alice, "|/usr/bin/vacation\n");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));

        Assert.Equal((true, "5.7.1", "mail to command is restricted"), (failed.Permanent, failed.Dsn, failed.Reason));
    }

    [Fact]
    public void Commands_in_aliases_refused_when_not_allowed()
    {
        using var fixture = new ExpanderFixture("prog: |/bin/cat\n", settings => settings with { AllowMailToCommands = "forward" });

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand("prog@host.test")));

        Assert.Equal("mail to command is restricted", failed.Reason);
    }

    [Fact]
    public void Forward_with_extension_is_preferred_for_user_plus_extension()
    {
        using var fixture = new ExpanderFixture("# none\n", settings => settings with { RecipientDelimiter = "+" });
        WriteForward(_alice, "plain@remote.example\n");
        WriteForward(_alice, "lists@remote.example\n", name: ".forward+lists");

        var targets = fixture.Expand($"{_alice.Name}+lists@host.test");
        var plain = fixture.Expand($"{_alice.Name}+other@host.test");

        Assert.Equal("lists@remote.example", Assert.IsType<ForwardTarget>(Assert.Single(targets)).ForwardTo);
        Assert.Equal("plain@remote.example", Assert.IsType<ForwardTarget>(Assert.Single(plain)).ForwardTo);
    }

    [Fact]
    public void Forward_cannot_include_a_file_the_user_cannot_read()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var secret = Path.Combine(_bob.Home, "secret.list");
        File.WriteAllText(secret, "leak@remote.example\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteForward(_alice, $":include:{secret}\n");
        try
        {
            var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));

            Assert.Equal(("5.3.5", "mail system configuration error"), (failed.Dsn, failed.Reason));
            Assert.Contains($"cannot open include file {secret}: Permission denied", fixture.Warnings);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Forward_can_include_a_file_the_user_can_read()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var list = Path.Combine(_alice.Home, "mine.list");
        File.WriteAllText(list, "friend@remote.example\n");
        TestAccounts.Run("chown", _alice.Name, list);
        WriteForward(_alice, $":include:{list}\n");
        try
        {
            Assert.Equal("friend@remote.example", Assert.IsType<ForwardTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test"))).ForwardTo);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public void Forward_cannot_include_a_readable_file_inside_a_private_directory()
    {
        using var fixture = new ExpanderFixture("# none\n");
        var privateDirectory = Path.Combine(_bob.Home, "private");
        Directory.CreateDirectory(privateDirectory);
        var list = Path.Combine(privateDirectory, "friends.list");
        File.WriteAllText(list, "leak@remote.example\n");
        File.SetUnixFileMode(list, (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(privateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TestAccounts.Run("chown", "-R", _bob.Name, privateDirectory);
        WriteForward(_alice, $":include:{list}\n");
        try
        {
            // The kernel refuses alice (a file-system uid switch), though the file's own bits would allow it.
            Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));
            Assert.Contains($"cannot open include file {list}: Permission denied", fixture.Warnings);

            // The switch is undone: this thread reads root's 0700 test folder again.
            Assert.StartsWith("#", File.ReadAllText(fixture.AliasFile), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(privateDirectory, recursive: true);
        }
    }

    [Fact]
    public void Home_relative_file_in_forward_is_in_the_users_home()
    {
        using var fixture = new ExpanderFixture("# none\n");
        WriteForward(_alice, "~/mail/archive\n");

        var file = Assert.IsType<FileTarget>(Assert.Single(fixture.Expand($"{_alice.Name}@host.test")));

        Assert.Equal(Path.Combine(_alice.Home, "mail/archive"), file.Path);
        Assert.Equal(_alice.UserId, file.RunAs.UserId);
    }

    private static string WriteForward(TestUser user, string content, TestUser? owner = null, string name = ".forward")
    {
        var path = Path.Combine(user.Home, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        TestAccounts.Run("chown", (owner ?? user).Name, path);
        return path;
    }
}
