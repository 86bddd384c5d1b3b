namespace Estafeta.Delivery.Local;

/// <summary>The main.cf parameters of the local delivery agent, with Postfix's defaults (except where noted).</summary>
public sealed record LocalDeliverySettings
{
    /// <summary>mail_spool_directory: where mbox files USER live (default /var/mail). A value that ends in '/'
    /// means one Maildir per user there, as in Postfix.</summary>
    public string MailSpoolDirectory { get; init; } = "/var/mail";

    /// <summary>home_mailbox: when non-empty, deliver to HOME/home_mailbox instead of the spool; Maildir when it
    /// ends in '/' (e.g. "Maildir/"), else an mbox file (e.g. "Mailbox").</summary>
    public string HomeMailbox { get; init; } = string.Empty;

    /// <summary>mailbox_size_limit: the largest an mbox file (or a Maildir message) may become, in bytes; 0 = no limit.</summary>
    public long MailboxSizeLimit { get; init; } = 51_200_000;

    /// <summary>command_time_limit: how long a "|command" delivery may run before its process group is killed.</summary>
    public TimeSpan CommandTimeLimit { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>myhostname: used in Maildir file names.</summary>
    public string MyHostname { get; init; } = Environment.MachineName;

    /// <summary>recipient_delimiter: separates user and extension ("+" in "user+ext"); empty = no extensions.
    /// Used to compute USER and EXTENSION for commands when the expander gave no extension.</summary>
    public string RecipientDelimiter { get; init; } = string.Empty;

    /// <summary>stale_lock_time: a USER.lock dot-lock older than this is removed. Postfix's default is 500s; we use
    /// liblockfile's 300 s (5 minutes), which bsd-mailx and mutt on Debian use.</summary>
    public TimeSpan StaleLockTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>deliver_lock_attempts: how many times to try a dot-lock or fcntl lock before deferring.</summary>
    public int DeliverLockAttempts { get; init; } = 20;

    /// <summary>deliver_lock_delay: the pause between two lock attempts.</summary>
    public TimeSpan DeliverLockDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>command_expansion_filter: characters allowed in the environment values given to commands;
    /// any other character becomes '_'.</summary>
    public string CommandExpansionFilter { get; init; } = "1234567890!@%-_=+:,./abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>default_privs: the account whose rights "/file" and "|command" deliveries get when the
    /// expander asked for root's (Postfix never writes files or runs commands as root for a recipient).</summary>
    public string DefaultPrivileges { get; init; } = "nobody";

    /// <summary>Not a main.cf parameter: the group new /var/mail files get; Debian's /var/mail convention is group "mail".</summary>
    public string MailGroupName { get; init; } = "mail";
}
