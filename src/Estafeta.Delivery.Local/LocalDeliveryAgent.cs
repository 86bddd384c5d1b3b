// The local delivery agent (Postfix's local(8)): expands each recipient through ILocalExpander and delivers
// every target: mbox, Maildir, "/file", "|command", forward. One outcome per recipient.
// Trusts: the request's queue file (validated by QueueFile.Open) and the expander's targets and users.
// Must never: report Sent before every copy is on stable storage, write through a link or into a file the
// recipient does not own, or change this process's credentials (commands drop privileges in the child).
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Local;

/// <summary>Delivers mail for local recipients.</summary>
public sealed class LocalDeliveryAgent : IDeliveryAgent
{
    private const string Relay = "local";

    private readonly ILocalExpander _expander;
    private readonly IMessageInjector _injector;
    // One gate per mailbox for the whole process: an agent rebuilt by a reload shares it with the old one's
    // deliveries still in flight, so a dot-lock of ours found in place is never one this process holds.
    private static readonly MailboxLocks ProcessMailboxLocks = new();

    private readonly LocalDeliverySettings _settings;
    private readonly TimeProvider _time;
    private readonly MboxWriter _mbox;
    private readonly MaildirWriter _maildir;
    private readonly PipeRunner _pipe;
    private readonly Lazy<uint?> _mailGroup;

    public LocalDeliveryAgent(LocalDeliverySettings settings, ILocalExpander expander, IMessageInjector injector, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _expander = expander;
        _injector = injector;
        _time = timeProvider;
        var logger = loggerFactory.CreateLogger("local");
        if (!settings.MailSpoolDirectory.EndsWith('/'))
        {
            DotLock.RemoveLocksLeftByADeadProcess(settings.MailSpoolDirectory, logger);
        }

        _mbox = new MboxWriter(settings, timeProvider, logger, ProcessMailboxLocks);
        _maildir = new MaildirWriter(settings, timeProvider, logger);
        _pipe = new PipeRunner(settings, timeProvider);
        _mailGroup = new Lazy<uint?>(() => SystemAccounts.FindGroup(settings.MailGroupName));
    }

    private static bool RunningAsRoot => LibC.GetEffectiveUserId() == 0;

    public async Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.Yield();
        var started = _time.GetTimestamp();
        QueueFile file;
        try
        {
            file = request.ContentVerified ? QueueFile.OpenEnvelope(request.QueueFilePath) : QueueFile.Open(request.QueueFilePath);
        }
        catch (Exception exception) when (exception is IOException or QueueFormatException or UnauthorizedAccessException)
        {
            var result = TargetResult.Defer("4.3.0", $"cannot read queue file: {exception.Message}");
            return [.. request.Recipients.Select(r => ToOutcome(r, [result], started))];
        }

        var message = new LocalMessage(file, request.Sender);
        var state = new RequestState();
        var results = new List<TargetResult>[request.Recipients.Count];
        for (var i = 0; i < request.Recipients.Count; i++)
        {
            results[i] = await DeliverRecipientAsync(request, request.Recipients[i], i, message, state, cancellationToken).ConfigureAwait(false);
        }

        await Forwarding.ForwardAsync(_injector, request, message, state.Forwards, results, cancellationToken).ConfigureAwait(false);
        return [.. request.Recipients.Select((r, i) => ToOutcome(r, results[i], started))];
    }

    private async Task<List<TargetResult>> DeliverRecipientAsync(DeliveryRequest request, DeliveryRecipient recipient, int index, LocalMessage message, RequestState state, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return [TargetResult.Defer("4.3.0", "delivery interrupted")];
        }

        LocalExpansion expansion;
        try
        {
            expansion = _expander.Expand(recipient.Address, request.Sender);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return [TargetResult.Defer("4.3.0", $"cannot expand {recipient.Address}: {exception.Message}")];
        }

        var results = new List<TargetResult>();
        foreach (var target in expansion.Targets)
        {
            if (target is FailedTarget failed)
            {
                results.Add((failed.Permanent ? TargetResult.Bounce(failed.Dsn, failed.Reason) : TargetResult.Defer(failed.Dsn, failed.Reason)) with { Address = failed.Address });
                continue;
            }

            // A copy that already passed through this address is a forwarding loop (Postfix: delivered_hdr_find).
            if (LoopsThrough(message, target.Address) is { } loop)
            {
                results.Add(loop with { Address = target.Address });
                continue;
            }

            if (target is ForwardTarget forward)
            {
                state.Forwards.Add((index, forward));
                continue;
            }

            // Postfix's been_here filter: one copy per mailbox, file or command in this request.
            var key = DuplicateKey(target);
            if (!state.Done.TryGetValue(key, out var result))
            {
                result = await DeliverTargetAsync(target, request, recipient, message, cancellationToken).ConfigureAwait(false);
                state.Done[key] = result;
            }

            results.Add(result with { Address = target.Address });
        }

        return results;
    }

    private async Task<TargetResult> DeliverTargetAsync(LocalTarget target, DeliveryRequest request, DeliveryRecipient recipient, LocalMessage message, CancellationToken cancellationToken)
    {
        try
        {
            switch (target)
            {
                case MailboxTarget mailbox:
                    var owner = OwnerFor(mailbox.User, mailGroup: true);
                    if (_settings.HomeMailbox.Length > 0 && HomePath.FindLinkedDirectory(mailbox.User.HomeDirectory, _settings.HomeMailbox) is { } linked)
                    {
                        return TargetResult.Defer("4.2.0", $"cannot deliver to {_settings.HomeMailbox} for user {mailbox.User.Name}: {linked} is not a directory");
                    }

                    return MailboxLocation(mailbox.User) switch
                    {
                        (var path, true) => _maildir.Deliver(path, owner, message, CopyOptions.Maildir(target.Address)),
                        (var path, false) => await _mbox.AppendAsync(path, owner, dotLock: true, message, CopyOptions.Mbox(target.Address), cancellationToken).ConfigureAwait(false),
                    };
                case FileTarget { RunAs.UserId: 0 } or PipeTarget { RunAs.UserId: 0 } when RunningAsRoot:
                    return WithDefaultPrivileges(target) is { } unprivileged
                        ? await DeliverTargetAsync(unprivileged, request, recipient, message, cancellationToken).ConfigureAwait(false)
                        : TargetResult.Defer("4.3.5", $"mail system configuration error: no {_settings.DefaultPrivileges} account for default_privs");
                case FileTarget fileTarget:
                    var fileOwner = OwnerFor(fileTarget.RunAs, mailGroup: false);
                    if (CheckFileAccess(fileTarget.Path, fileOwner) is { } denied)
                    {
                        return TargetResult.Defer("4.2.0", $"cannot append message to file {fileTarget.Path}: {denied}");
                    }

                    var fileResult = await _mbox.AppendAsync(fileTarget.Path, fileOwner, dotLock: false, message, CopyOptions.Mbox(target.Address), cancellationToken).ConfigureAwait(false);
                    return fileResult.Status == DeliveryStatus.Sent ? TargetResult.Sent($"delivered to file: {fileTarget.Path}") : fileResult;
                case PipeTarget pipe:
                    return await _pipe.RunAsync(pipe, request, recipient, message, cancellationToken).ConfigureAwait(false);
                default:
                    return TargetResult.Defer("4.3.0", $"unsupported delivery target {target.GetType().Name}");
            }
        }
        catch (OperationCanceledException)
        {
            return TargetResult.Defer("4.3.0", "delivery interrupted");
        }
        catch (QueuedContentException unreadable)
        {
            return TargetResult.Defer("4.3.0", unreadable.Message);
        }
    }

    private static TargetResult? LoopsThrough(LocalMessage message, string address)
    {
        try
        {
            return message.WasDeliveredTo(address) ? TargetResult.Bounce("5.4.6", $"mail forwarding loop for {address}") : null;
        }
        catch (QueuedContentException unreadable)
        {
            return TargetResult.Defer("4.3.0", unreadable.Message);
        }
    }

    /// <summary>Postfix never writes a file or runs a command as root for a recipient: root's rights are
    /// replaced by default_privs (local(8) "DELIVERY RIGHTS").</summary>
    private LocalTarget? WithDefaultPrivileges(LocalTarget target)
    {
        if (SystemAccounts.FindUser(_settings.DefaultPrivileges) is not ({ } uid, { } gid) || uid == 0)
        {
            return null;
        }

        return target switch
        {
            FileTarget file => file with { RunAs = file.RunAs with { UserId = uid, GroupId = gid } },
            PipeTarget pipe => pipe with { RunAs = pipe.RunAs with { UserId = uid, GroupId = gid } },
            _ => target,
        };
    }

    /// <summary>Where a user's mailbox is, and whether it is a Maildir (Postfix's deliver_mailbox order).</summary>
    internal (string Path, bool IsMaildir) MailboxLocation(LocalUser user)
    {
        if (_settings.HomeMailbox.Length > 0)
        {
            return (Path.Combine(user.HomeDirectory, _settings.HomeMailbox), _settings.HomeMailbox.EndsWith('/'));
        }

        var spool = _settings.MailSpoolDirectory;
        return spool.EndsWith('/') ? (spool + user.Name + "/", true) : (Path.Combine(spool, user.Name), false);
    }

    private MailboxOwner OwnerFor(LocalUser user, bool mailGroup)
    {
        if (!RunningAsRoot)
        {
            return new MailboxOwner(user.Name, LibC.GetEffectiveUserId(), LibC.GetEffectiveGroupId(), ChownNewFiles: false);
        }

        var group = mailGroup && _settings.HomeMailbox.Length == 0 ? _mailGroup.Value ?? user.GroupId : user.GroupId;
        return new MailboxOwner(user.Name, user.UserId, group, ChownNewFiles: true);
    }

    /// <summary>As root we write on the user's behalf, so we check what the kernel would have checked for a
    /// new file: the directory must let that user create files.</summary>
    private static string? CheckFileAccess(string path, MailboxOwner owner)
    {
        if (!owner.ChownNewFiles || FileStatus.OfLink(path) is not null)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(path) ?? "/";
        if (FileStatus.OfLink(directory) is not { IsDirectory: true } parent)
        {
            return $"directory {directory} does not exist";
        }

        var writable = parent.UserId == owner.UserId ? (parent.Mode & 0x80) != 0
            : parent.GroupId == owner.GroupId ? (parent.Mode & 0x10) != 0
            : (parent.Mode & 0x2) != 0;
        return writable ? null : $"Permission denied for uid {owner.UserId} in {directory}";
    }

    private string DuplicateKey(LocalTarget target) => target switch
    {
        MailboxTarget mailbox => "mailbox " + MailboxLocation(mailbox.User).Path,
        FileTarget file => "file " + file.Path,
        PipeTarget pipe => $"command {pipe.RunAs.UserId} {pipe.Command}",
        _ => "other " + target.Address,
    };

    private RecipientOutcome ToOutcome(DeliveryRecipient recipient, List<TargetResult> results, long started)
    {
        var folded = ResultFolding.Fold(results);
        return new RecipientOutcome(recipient.QueueIndex, folded.Status, folded.Dsn, folded.Reason, Relay)
        {
            Transmission = _time.GetElapsedTime(started),
            ForwardedAs = folded.ForwardedAs,
            Targets = [.. results.Where(r => r.Address is not null).Select(r => new TargetOutcome(r.Address!, r.Status, r.Dsn, r.Reason))],
        };
    }
}
