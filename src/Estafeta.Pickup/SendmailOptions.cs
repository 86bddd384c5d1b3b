using Estafeta.Core;

namespace Estafeta.Pickup;

/// <summary>What sendmail was asked to do (Postfix's SM_MODE_*).</summary>
internal enum SendmailMode
{
    /// <summary>-bm (default): read a message and queue it.</summary>
    Enqueue,

    /// <summary>-bp or the name mailq: list the queue.</summary>
    ShowQueue,

    /// <summary>-q: ask the queue manager to retry deferred mail now.</summary>
    FlushQueue,

    /// <summary>-bi, -I or the name newaliases.</summary>
    NewAliases,

    /// <summary>-bd: start the daemon.</summary>
    Daemon,

    /// <summary>-bs: SMTP on standard input and output.</summary>
    StandAloneSmtp,

    /// <summary>-bh, -bH: host status, which Postfix accepts and ignores.</summary>
    Ignore,
}

/// <summary>The parsed command line of one sendmail run.</summary>
internal sealed record SendmailOptions
{
    public SendmailMode Mode { get; init; }

    /// <summary>-t: recipients also from To:/Cc:/Bcc: (or only Resent-To:/Cc:/Bcc: when present).</summary>
    public bool ExtractRecipients { get; init; }

    /// <summary>False with -i or -oi: a line with a single "." is then ordinary content.</summary>
    public bool DotEndsMessage { get; init; } = true;

    /// <summary>-f or -r: the envelope sender as given.</summary>
    public string? Sender { get; init; }

    /// <summary>-F: the full name for an added From: header.</summary>
    public string? FullName { get; init; }

    /// <summary>-bv: verify the recipients instead of sending.</summary>
    public bool Verify { get; init; }

    /// <summary>-N: DSN NOTIFY for every recipient.</summary>
    public DsnNotify Notify { get; init; }

    /// <summary>-V: DSN ENVID.</summary>
    public string? EnvelopeId { get; init; }

    /// <summary>-B 8BITMIME or 7BIT.</summary>
    public BodyType Body { get; init; }

    /// <summary>-C: the configuration directory (the host resolves it before the run; see <see cref="SendmailArguments.FindConfigDirectory"/>).</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>-qINTERVAL (a daemon option): the run ends at once with status 0, as in Postfix.</summary>
    public bool QueueIntervalOnly { get; init; }

    /// <summary>-qRsite or -qIqueueid: flush requests that Postfix hands to postqueue.</summary>
    public bool FlushRequested { get; init; }

    /// <summary>How many times -v was given.</summary>
    public int Verbose { get; init; }

    /// <summary>The arguments after the options: recipient address lists.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Warnings to print ("sendmail: warning: ...") before going on.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
