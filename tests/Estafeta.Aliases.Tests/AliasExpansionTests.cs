using Estafeta.Delivery;

namespace Estafeta.Aliases.Tests;

[Collection("accounts")]
public sealed class AliasExpansionTests(TestAccounts accounts)
{
    private readonly TestUser _alice = accounts.Alice;
    private readonly TestUser _bob = accounts.Bob;

    [Fact]
    public void Course_example_root_alias_delivers_to_the_users_mailbox()
    {
        using var fixture = new ExpanderFixture($"# course example\nroot: {_alice.Name}\n");

        var target = Assert.Single(fixture.Expand("root@host.test"));

        var mailbox = Assert.IsType<MailboxTarget>(target);
        Assert.Equal(_alice.Name, mailbox.User.Name);
        Assert.Equal(_alice.UserId, mailbox.User.UserId);
        Assert.Equal(_alice.Home, mailbox.User.HomeDirectory);
        Assert.Equal($"{_alice.Name}@host.test", mailbox.Address);
        Assert.Equal("root@host.test", mailbox.OriginalAddress);
    }

    [Fact]
    public void Local_part_is_case_insensitive()
    {
        using var fixture = new ExpanderFixture($"root: {_alice.Name}\n");

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("ROOT@host.test")));

        Assert.Equal(_alice.Name, mailbox.User.Name);
    }

    [Fact]
    public void A_list_with_a_continuation_line_reaches_every_member()
    {
        using var fixture = new ExpanderFixture($"team: {_alice.Name},\n  {_bob.Name},\n\tfriend@remote.example\n");

        var targets = fixture.Expand("team@host.test");

        Assert.Equal(3, targets.Count);
        Assert.Equal(_alice.Name, Assert.IsType<MailboxTarget>(targets[0]).User.Name);
        Assert.Equal(_bob.Name, Assert.IsType<MailboxTarget>(targets[1]).User.Name);
        var forward = Assert.IsType<ForwardTarget>(targets[2]);
        Assert.Equal("friend@remote.example", forward.ForwardTo);
        Assert.Equal("sender@example.org", forward.Sender);
        Assert.All(targets, target => Assert.Equal("team@host.test", target.OriginalAddress));
    }

    [Fact]
    public void File_and_quoted_command_targets_run_as_default_privs()
    {
        using var fixture = new ExpanderFixture("archive: /var/tmp/archive.mbox, \"|/usr/bin/logger -t mail, now\"\n");

        var targets = fixture.Expand("archive@host.test");

        var file = Assert.IsType<FileTarget>(targets[0]);
        Assert.Equal("/var/tmp/archive.mbox", file.Path);
        Assert.Equal("nobody", file.RunAs.Name);
        Assert.Equal("archive@host.test", file.Address);
        var pipe = Assert.IsType<PipeTarget>(targets[1]);
        Assert.Equal("/usr/bin/logger -t mail, now", pipe.Command);
        Assert.Equal("nobody", pipe.RunAs.Name);
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public void Default_privs_names_the_account_for_alias_commands()
    {
        using var fixture = new ExpanderFixture("prog: |/bin/cat\n", settings => settings with { DefaultPrivs = _bob.Name });

        var pipe = Assert.IsType<PipeTarget>(Assert.Single(fixture.Expand("prog@host.test")));

        Assert.Equal("/bin/cat", pipe.Command);
        Assert.Equal(_bob.UserId, pipe.RunAs.UserId);
    }

    [Fact]
    public void Include_file_members_are_resubmitted_as_new_messages()
    {
        using var fixture = new ExpanderFixture(string.Empty);
        var list = Path.Combine(fixture.Directory, "staff.list");
        File.WriteAllText(list, $"# staff\n{_alice.Name}\nboss@remote.example, {_bob.Name}\n");
        File.WriteAllText(fixture.AliasFile, $"staff: :include:{list}\n");

        var targets = fixture.Expand("staff@host.test");

        Assert.Equal(
            [$"{_alice.Name}@host.test", "boss@remote.example", $"{_bob.Name}@host.test"],
            targets.Select(target => Assert.IsType<ForwardTarget>(target).ForwardTo));
        Assert.All(targets, target => Assert.Equal("sender@example.org", ((ForwardTarget)target).Sender));
    }

    [Fact]
    public void Include_file_cannot_name_files_unless_allowed()
    {
        using var fixture = new ExpanderFixture(string.Empty);
        var list = Path.Combine(fixture.Directory, "log.list");
        File.WriteAllText(list, "/var/tmp/everything\n");
        File.WriteAllText(fixture.AliasFile, $"log: :include:{list}\n");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand("log@host.test")));

        Assert.True(failed.Permanent);
        Assert.Equal("5.7.1", failed.Dsn);
        Assert.Equal("mail to file is restricted", failed.Reason);
    }

    [Fact]
    public void Empty_include_list_expands_to_nothing_as_in_postfix()
    {
        using var fixture = new ExpanderFixture(string.Empty);
        var list = Path.Combine(fixture.Directory, "empty.list");
        File.WriteAllText(list, "# nobody yet\n");
        File.WriteAllText(fixture.AliasFile, $"nobody-yet: :include:{list}\n");

        Assert.Empty(fixture.Expand("nobody-yet@host.test"));
    }

    [Fact]
    public void Include_of_a_fifo_is_refused_without_blocking()
    {
        using var fixture = new ExpanderFixture(string.Empty);
        var fifo = Path.Combine(fixture.Directory, "list.fifo");
        TestAccounts.Run("mkfifo", fifo);
        File.WriteAllText(fixture.AliasFile, $"pipeline: :include:{fifo}\n");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand("pipeline@host.test")));

        Assert.Equal("5.3.5", failed.Dsn);
        Assert.Contains($":include: file {fifo} is not a regular file", fixture.Warnings);
    }

    [Fact]
    public void Relative_include_path_is_a_configuration_error()
    {
        using var fixture = new ExpanderFixture("bad: :include:lists/x\n");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand("bad@host.test")));

        Assert.Equal(("5.3.5", "mail system configuration error"), (failed.Dsn, failed.Reason));
        Assert.Contains(":include:lists/x uses a relative path", fixture.Warnings);
    }

    [Fact]
    public void Include_file_of_an_ordinary_user_gives_its_commands_that_users_rights()
    {
        using var fixture = new ExpanderFixture(string.Empty, settings => settings with { AllowMailToCommands = "alias, forward, include" });
        var list = Path.Combine(_bob.Home, "bob.list");
        File.WriteAllText(list, "|/bin/cat\n");
        TestAccounts.Run("chown", _bob.Name, list);
        File.WriteAllText(fixture.AliasFile, $"bobs: :include:{list}\n");
        try
        {
            var pipe = Assert.IsType<PipeTarget>(Assert.Single(fixture.Expand("bobs@host.test")));

            Assert.Equal(_bob.UserId, pipe.RunAs.UserId);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public void Alias_loop_bounces_once()
    {
        using var fixture = new ExpanderFixture("a: b\nb: a\n");

        var targets = fixture.Expand("a@host.test");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(targets));
        Assert.True(failed.Permanent);
        Assert.Equal("5.4.6", failed.Dsn);
        Assert.Equal("recipient nesting limit exceeded", failed.Reason);
        Assert.Equal("a@host.test", failed.OriginalAddress);
        Assert.Equal(["recipient nesting limit exceeded for b@host.test"], fixture.Warnings);
    }

    [Fact]
    public void Loop_through_a_list_still_bounces_once_and_delivers_the_rest()
    {
        using var fixture = new ExpanderFixture("a: b, friend@remote.example\nb: a\n");

        var targets = fixture.Expand("a@host.test");

        Assert.Single(targets.OfType<FailedTarget>());
        Assert.Equal("friend@remote.example", Assert.Single(targets.OfType<ForwardTarget>()).ForwardTo);
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public void Alias_that_names_itself_goes_to_its_mailbox()
    {
        using var fixture = new ExpanderFixture($"{_alice.Name}: {_alice.Name}, friend@remote.example\n");

        var targets = fixture.Expand($"{_alice.Name}@host.test");

        Assert.Equal(_alice.Name, Assert.IsType<MailboxTarget>(targets[0]).User.Name);
        Assert.Equal("friend@remote.example", Assert.IsType<ForwardTarget>(targets[1]).ForwardTo);
        Assert.Equal(2, targets.Count);
        Assert.Empty(fixture.Warnings);
    }

    [Fact]
    public void Backslash_name_goes_to_the_mailbox_without_further_aliasing()
    {
        using var fixture = new ExpanderFixture($"{_alice.Name}: \\{_alice.Name}, {_bob.Name}\n{_bob.Name}: friend@remote.example\n");

        var targets = fixture.Expand($"{_alice.Name}@host.test");

        Assert.Equal(_alice.Name, Assert.IsType<MailboxTarget>(targets[0]).User.Name);
        Assert.Equal("friend@remote.example", Assert.IsType<ForwardTarget>(targets[1]).ForwardTo);
    }

    [Fact]
    public void Owner_alias_becomes_the_sender_of_the_copies()
    {
        using var fixture = new ExpanderFixture($"list: {_alice.Name}, friend@remote.example\nowner-list: {_bob.Name}\nlist-request: {_bob.Name}\n");

        var targets = fixture.Expand("list@host.test");

        Assert.Equal(
            [($"{_alice.Name}@host.test", "owner-list@host.test"), ("friend@remote.example", "owner-list@host.test")],
            targets.Select(target => Assert.IsType<ForwardTarget>(target)).Select(forward => (forward.ForwardTo, forward.Sender)));
        var request = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("list-request@host.test")));
        Assert.Equal(_bob.Name, request.User.Name);
    }

    [Fact]
    public void Unknown_user_bounces_with_postfix_text()
    {
        using var fixture = new ExpanderFixture("root: root\n");

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand("nosuchuser9z@host.test")));

        Assert.Equal((true, "5.1.1", "unknown user: \"nosuchuser9z\""), (failed.Permanent, failed.Dsn, failed.Reason));
        Assert.Equal("nosuchuser9z@host.test", failed.Address);
        Assert.Null(failed.OriginalAddress);
    }

    [Fact]
    public void Postmaster_without_alias_goes_to_root_with_a_warning()
    {
        using var fixture = new ExpanderFixture("# nothing\n");

        var mailbox = Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("postmaster@host.test")));

        Assert.Equal(0u, mailbox.User.UserId);
        Assert.Contains("required alias not found: postmaster", fixture.Warnings);
    }

    [Fact]
    public void Unreadable_alias_table_defers()
    {
        using var fixture = new ExpanderFixture("root: root\n");
        File.Delete(fixture.AliasFile);

        var failed = Assert.IsType<FailedTarget>(Assert.Single(fixture.Expand("root@host.test")));

        Assert.Equal((false, "4.3.0", "alias database unavailable"), (failed.Permanent, failed.Dsn, failed.Reason));
        Assert.NotEmpty(fixture.Warnings);
    }

    [Fact]
    public void Changed_alias_file_is_read_again()
    {
        using var fixture = new ExpanderFixture($"root: {_alice.Name}\n");
        Assert.Equal(_alice.Name, Assert.IsType<MailboxTarget>(Assert.Single(fixture.Expand("root@host.test"))).User.Name);

        File.WriteAllText(fixture.AliasFile, $"root: {_bob.Name}, friend@remote.example\n");

        Assert.Equal(_bob.Name, Assert.IsType<MailboxTarget>(fixture.Expand("root@host.test")[0]).User.Name);
    }
}
