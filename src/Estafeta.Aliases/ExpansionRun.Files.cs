// .forward and :include: files: found, checked (type, owner, permissions) and read with the user's
// rights, as Postfix's dotforward.c and include.c do. Same trust rules as ExpansionRun.cs.
using Estafeta.Delivery;
using Estafeta.Tables;

namespace Estafeta.Aliases;

internal sealed partial class ExpansionRun
{
    /// <summary>deliver_include: the addresses of a list file.</summary>
    private void Include(ExpansionState state, string path)
    {
        state = state.Deeper();
        if (state.Level > MaxLevel)
        {
            Warn($":include: nesting limit exceeded for {path}");
            Fail(state, permanent: true, "5.4.6", ":include: nesting limit exceeded");
            return;
        }

        if (!_seen.Add($"include {state.Rights?.UserId ?? 0} {path}"))
        {
            return;
        }

        state = state with { ExpandedFrom = state.Local };
        const string ConfigurationError = "mail system configuration error";
        if (!path.StartsWith('/'))
        {
            Warn($":include:{path} uses a relative path");
            Fail(state, permanent: true, "5.3.5", ConfigurationError);
            return;
        }

        if (FileFacts.Of(path) is not { } facts)
        {
            Warn($"unable to lookup :include: file {path}: No such file or directory");
            Fail(state, permanent: true, "5.3.5", ConfigurationError);
            return;
        }

        if (!facts.IsRegularFile || facts.IsWorldWritable)
        {
            Warn($":include: file {path} is {(facts.IsRegularFile ? "world writable" : "not a regular file")}");
            Fail(state, permanent: true, "5.3.5", ConfigurationError);
            return;
        }

        state = state with { Kind = ExpansionKind.Include };
        if (state.Rights is null or { UserId: 0 } && facts.UserId != 0)
        {
            // A list owned by an ordinary user, named in a root-owned alias: its commands and files get
            // that user's rights, never default_privs (the list owner must not control that account).
            if (FindAccount(() => AccountDatabase.FindById(facts.UserId)) is not { } fileOwner)
            {
                Warn($"cannot find username for uid {facts.UserId}");
                Warn($"{path}: cannot find :include: file owner username");
                Fail(state, permanent: false, "4.3.5", ConfigurationError);
                return;
            }

            state = state with { Rights = fileOwner };
        }

        state = state with { Owner = state.Owner ?? state.Address };
        IReadOnlyList<string> lines;
        try
        {
            lines = UserFileReader.ReadLines(path, state.Rights);
        }
        catch (IOException e)
        {
            Warn($"cannot open include file {path}: {e.Message}");
            Fail(state, permanent: true, "5.3.5", ConfigurationError);
            return;
        }

        if (!context.PropagateTo.HasFlag(ExpansionKind.Include))
        {
            state = state with { Unmatched = null };
        }

        foreach (var line in lines.Where(line => !line.StartsWith('#')))
        {
            _ = Tokens(state, line);
        }
    }

    /// <summary>deliver_dotforward: true when a .forward file named somewhere to deliver.</summary>
    private bool DotForward(ExpansionState state)
    {
        state = state.Deeper();
        if (string.IsNullOrWhiteSpace(context.Settings.ForwardPath))
        {
            return false;
        }

        LocalUser? account;
        try
        {
            account = AccountDatabase.FindByName(state.User);
        }
        catch (LookupTableException)
        {
            return false; // the mailbox step reports the failing lookup
        }

        if (account is null)
        {
            return false;
        }

        state = state with { Rights = account, Kind = ExpansionKind.Forward, Owner = state.User };
        if (FindForwardFile(state, account) is not (var path, var facts, var extensionUsed))
        {
            return false;
        }

        if (extensionUsed || !context.PropagateTo.HasFlag(ExpansionKind.Forward))
        {
            state = state with { Unmatched = null };
        }

        if (!_seen.Add($"forward {path}"))
        {
            return _seen.Contains($"forward-done {path}"); // else we are inside our own expansion
        }

        state = state with { ExpandedFrom = state.Local };
        if (!facts.IsRegularFile)
        {
            Warn($"file {path} is not a regular file");
            return false;
        }

        if (facts.UserId != 0 && facts.UserId != account.UserId)
        {
            Warn($"file {path} has bad owner uid {facts.UserId}");
            return false;
        }

        if (facts.IsWorldWritable)
        {
            Warn($"file {path} is world writable");
            return false;
        }

        IReadOnlyList<string> lines;
        try
        {
            lines = UserFileReader.ReadLines(path, account);
        }
        catch (IOException e)
        {
            Warn($"cannot open file {path}: {e.Message}");
            return false;
        }

        var count = 0;
        foreach (var line in lines.Where(line => !line.StartsWith('#')))
        {
            count += Tokens(state, line);
        }

        if (count == 0)
        {
            return false;
        }

        _ = _seen.Add($"forward-done {path}");
        return true;
    }

    /// <summary>The first forward_path element that expands and exists (lstat: a symbolic link counts, and is then refused).</summary>
    private (string Path, FileFacts Facts, bool ExtensionUsed)? FindForwardFile(ExpansionState state, LocalUser account)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["user"] = account.Name,
            ["home"] = account.HomeDirectory,
            ["shell"] = account.Shell,
            ["recipient"] = state.Address,
            ["local"] = state.Local,
            ["domain"] = state.Address.LastIndexOf('@') is var at and >= 0 ? state.Address[(at + 1)..] : null,
            ["extension"] = state.Extension,
            ["recipient_delimiter"] = state.DelimiterUsed,
            ["mailbox"] = state.User,
        };
        foreach (var element in context.Settings.ForwardPath.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (ForwardPathExpander.Expand(element, values, out var extensionUsed) is { } path && FileFacts.OfLink(path) is { } facts)
            {
                return (path, facts, extensionUsed);
            }
        }

        return null;
    }
}
