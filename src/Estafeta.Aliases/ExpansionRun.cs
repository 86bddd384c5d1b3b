// One expansion of one recipient: Postfix local(8)'s recipient → switch → alias / .forward / mailbox
// steps, with its nesting levels, duplicate filter and texts, so loops end as they end in Postfix.
// Trusts: the alias tables' content as configuration; .forward and :include: files only after checks.
// Must never: run, create or write anything; it only names targets for the local agent.
using Estafeta.Delivery;
using Estafeta.Tables;

namespace Estafeta.Aliases;

internal sealed partial class ExpansionRun(ExpansionContext context, string originalAddress)
{
    /// <summary>Postfix's recursion limit (state.level > 100) in every nested step.</summary>
    private const int MaxLevel = 100;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<LocalTarget> _targets = [];

    public IReadOnlyList<LocalTarget> Run(string address, string sender)
    {
        var state = new ExpansionState { Level = 0, Address = address, Sender = sender };
        Recipient(state);
        return _targets;
    }

    /// <summary>deliver_recipient: nesting limit, duplicate filter, split user and extension.</summary>
    private void Recipient(ExpansionState state)
    {
        state = state.Deeper();
        if (state.Level > MaxLevel)
        {
            Warn($"recipient nesting limit exceeded for {state.Address}");
            Fail(state, permanent: true, "5.4.6", "recipient nesting limit exceeded");
            return;
        }

        if (!_seen.Add($"recipient {state.Level} {state.Address}"))
        {
            return;
        }

        var local = state.Address.ToLowerInvariant();
        var at = local.LastIndexOf('@');
        if (at < 0)
        {
            Warn($"no @ in recipient address: {local}");
        }
        else
        {
            local = local[..at];
        }

        var (user, extension, delimiter) = RecipientDelimiter.Split(local, context.Settings.RecipientDelimiter, context.Settings.OwnerRequestSpecial);
        if (extension is not null && extension.Contains('/', StringComparison.Ordinal))
        {
            Warn($"address with illegal extension: {local}");
            (local, extension, delimiter) = (user, null, null);
        }

        state = state with { Local = local, User = user, Extension = extension, DelimiterUsed = delimiter, Unmatched = extension };
        if (user.Length == 0)
        {
            Fail(state, permanent: true, "5.1.3", $"null username in \"{state.Address}\"");
            return;
        }

        Switch(state);
    }

    /// <summary>deliver_switch: \user, then aliases (user+ext, then user), then .forward and the mailbox.</summary>
    private void Switch(ExpansionState state)
    {
        state = state.Deeper();
        if (state.Address.StartsWith('\\'))
        {
            state = state with { Address = state.Address[1..], Local = state.Local.TrimStart('\\'), User = state.User.TrimStart('\\') };
            if (!Mailbox(state))
            {
                Unknown(state);
            }

            return;
        }

        if (Alias(state with { Unmatched = null }, state.Local))
        {
            return;
        }

        if (state.Extension is not null)
        {
            var unmatched = context.PropagateTo.HasFlag(ExpansionKind.Alias) ? state.Extension : null;
            if (Alias(state with { Unmatched = unmatched }, state.User))
            {
                return;
            }
        }

        // Local names reached through an owner- alias, a .forward or an :include: file go out as a new
        // message (a queue entry of their own), as Postfix resubmits them through cleanup.
        if (state.Owner is not null && !string.Equals(state.Owner, state.User, StringComparison.OrdinalIgnoreCase))
        {
            Indirect(state);
            return;
        }

        if (state.Kind == ExpansionKind.Include)
        {
            Indirect(state);
            return;
        }

        if (!DotForward(state) && !Mailbox(state))
        {
            Unknown(state);
        }
    }

    /// <summary>deliver_alias: true when the name was an alias (or the lookup failed) and has been dealt with.</summary>
    private bool Alias(ExpansionState state, string name)
    {
        state = state.Deeper();
        if (state.ExpandedFrom is not null && string.Equals(state.ExpandedFrom, name, StringComparison.OrdinalIgnoreCase))
        {
            return false; // "root: root, other": root goes to root's mailbox.
        }

        if (state.Level > MaxLevel)
        {
            Warn($"alias database loop for {name}");
            Fail(state, permanent: true, "5.4.6", $"alias database loop for {name}");
            return true;
        }

        state = state with { ExpandedFrom = name };
        for (var index = 0; index < context.Aliases.Count; index++)
        {
            string? value;
            try
            {
                value = context.Aliases.Lookup(index, name);
            }
            catch (LookupTableException e)
            {
                Warn($"{context.Aliases.Spec(index)} is unavailable. {e.Message}");
                Fail(state, permanent: false, "4.3.0", "alias database unavailable");
                return true;
            }

            if (value is null)
            {
                continue;
            }

            state = state with { Kind = ExpansionKind.Alias };
            var ownerId = context.Aliases.OwnerId(index);
            if (ownerId == 0)
            {
                state = state with { Rights = null };
            }
            else if (FindAccount(() => AccountDatabase.FindById(ownerId)) is { } owner)
            {
                state = state with { Rights = owner };
            }
            else
            {
                Warn($"cannot find alias database owner for {context.Aliases.Spec(index)}");
                Fail(state, permanent: false, "4.3.0", "cannot find alias database owner");
                return true;
            }

            state = WithOwner(state, name);
            if (Tokens(state, value) < 1)
            {
                Warn($"no recipient in alias lookup result for {name}");
                Fail(state, permanent: false, "4.3.0", "alias database unavailable");
            }

            return true;
        }

        return false;
    }

    /// <summary>owner-NAME: copies from this expansion carry owner-NAME@$myorigin as their sender.</summary>
    private ExpansionState WithOwner(ExpansionState state, string name)
    {
        if (!context.Settings.OwnerRequestSpecial)
        {
            return state with { Owner = null };
        }

        var ownerName = "owner-" + name;
        string? ownerValue;
        try
        {
            ownerValue = context.Aliases.Find(ownerName);
        }
        catch (LookupTableException)
        {
            ownerValue = null; // Postfix's maps_find: an unreadable table is no owner- alias.
        }

        if (ownerValue is null)
        {
            return state with { Owner = null };
        }

        var owner = context.Qualify(context.Settings.ExpandOwnerAlias ? ownerValue.Trim() : ownerName);
        return state with { Owner = owner, Sender = owner };
    }

    /// <summary>deliver_mailbox: false when there is no such account.</summary>
    private bool Mailbox(ExpansionState state)
    {
        state = state.Deeper();
        if (!_seen.Add($"mailbox {state.Local}"))
        {
            return true;
        }

        LocalUser? account;
        try
        {
            account = AccountDatabase.FindByName(state.User);
        }
        catch (LookupTableException e)
        {
            Warn($"error looking up passwd info for {state.User}: {e.Message}");
            Fail(state, permanent: false, "4.0.0", "user lookup error");
            return true;
        }

        if (account is null)
        {
            return false;
        }

        Add(new MailboxTarget(account, state.Extension) { Address = state.Address });
        return true;
    }

    /// <summary>deliver_unknown: postmaster and MAILER-DAEMON go to root; anyone else bounces.</summary>
    private void Unknown(ExpansionState state)
    {
        state = state.Deeper();
        if (!_seen.Add($"deliver_unknown {state.Local}"))
        {
            return;
        }

        if (state.User is "postmaster" or "mailer-daemon")
        {
            // Postfix discards such mail after this warning; we deliver it to root instead, so
            // reports to the postmaster are never lost on a machine without the alias.
            Warn($"required alias not found: {state.User}");
            if (FindAccount(() => AccountDatabase.FindByName("root")) is { } root)
            {
                Add(new MailboxTarget(root, null) { Address = state.Address });
                return;
            }
        }

        Fail(state, permanent: true, "5.1.1", $"unknown user: \"{state.User}\"");
    }

    /// <summary>deliver_indirect: a new message to the address, from the current sender.</summary>
    private void Indirect(ExpansionState state)
    {
        if (_seen.Add($"indirect {state.Address}"))
        {
            Add(new ForwardTarget(state.Address, state.Sender) { Address = state.Address });
        }
    }

    private void Fail(ExpansionState state, bool permanent, string dsn, string reason) =>
        Add(new FailedTarget(permanent, dsn, reason) { Address = state.Address });

    private void Add(LocalTarget target)
    {
        var original = string.Equals(target.Address, originalAddress, StringComparison.OrdinalIgnoreCase) ? null : originalAddress;
        _targets.Add(target with { OriginalAddress = original });
    }

    private LocalUser? FindAccount(Func<LocalUser?> lookup)
    {
        try
        {
            return lookup();
        }
        catch (LookupTableException e)
        {
            Warn(e.Message);
            return null;
        }
    }

    private void Warn(string text) => LocalLog.Warning(context.Logger, text);
}
