// What the local agent asks before it writes anything: where does mail for this local address go?
// The expander applies alias_maps, .forward files and the account database (Postfix's local(8) steps),
// recursively, and answers with concrete targets. Trusts: the address's domain is local (Resolve said so).
// Must never: run or open for writing anything it names; that is the local agent's job, with its checks.
namespace Estafeta.Delivery;

/// <summary>Expands one local recipient into delivery targets.</summary>
public interface ILocalExpander
{
    /// <summary>The targets for a recipient whose domain is local, e.g. "root@host" → [Mailbox alumno].
    /// An unknown user, an alias loop or an unreadable alias file is one <see cref="FailedTarget"/>.</summary>
    /// <param name="address">The recipient as resolved, local part with any extension ("user+ext@host").</param>
    /// <param name="sender">The envelope sender (owner- aliases may replace it for expanded copies).</param>
    LocalExpansion Expand(string address, string sender);
}

/// <summary>The result of one expansion: at least one target.</summary>
public sealed record LocalExpansion(IReadOnlyList<LocalTarget> Targets);

/// <summary>A user account from the system's database (struct passwd).</summary>
public sealed record LocalUser(string Name, uint UserId, uint GroupId, string HomeDirectory, string Shell);

/// <summary>One place a copy goes.</summary>
public abstract record LocalTarget
{
    /// <summary>The address this target was reached through (for Delivered-To: and the log's to=), e.g. "alumno@host".</summary>
    public required string Address { get; init; }

    /// <summary>The recipient address as it arrived (the log's orig_to=), when it differs from Address.</summary>
    public string? OriginalAddress { get; init; }
}

/// <summary>The user's mailbox: mbox in mail_spool_directory, or home_mailbox (Maildir/ when it ends in '/').</summary>
/// <param name="User">Whose mailbox.</param>
/// <param name="Extension">The address extension ("ext" of user+ext), for EXTENSION= and Delivered-To.</param>
public sealed record MailboxTarget(LocalUser User, string? Extension) : LocalTarget;

/// <summary>Append to a file named in an alias, :include: file or .forward ("/path/to/file").</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="RunAs">Whose rights the write uses: the .forward owner, or default_privs for aliases.</param>
public sealed record FileTarget(string Path, LocalUser RunAs) : LocalTarget;

/// <summary>Pipe the message to a command ("|command") with /bin/sh -c.</summary>
/// <param name="Command">The command text after '|'.</param>
/// <param name="RunAs">Whose rights the command runs with: the .forward owner, or default_privs for aliases.</param>
/// <param name="Extension">The address extension, for EXTENSION=.</param>
public sealed record PipeTarget(string Command, LocalUser RunAs, string? Extension) : LocalTarget;

/// <summary>Forward to another address (a remote one, or a local one that needs its own queue entry).</summary>
/// <param name="ForwardTo">The new recipient, fully qualified.</param>
/// <param name="Sender">The envelope sender for the forwarded copy (owner-ALIAS@domain when that alias exists; else the original sender).</param>
public sealed record ForwardTarget(string ForwardTo, string Sender) : LocalTarget;

/// <summary>No delivery possible: unknown user (5.1.1), alias loop (5.4.6), a table that cannot be read (4.3.0).</summary>
/// <param name="Permanent">True for a bounce, false for a deferral.</param>
/// <param name="Dsn">The enhanced status code.</param>
/// <param name="Reason">The log/DSN text, Postfix's where it has one: "unknown user: \"nobody2\"".</param>
public sealed record FailedTarget(bool Permanent, string Dsn, string Reason) : LocalTarget;
