// The values of aliases, .forward and :include: files: "|command", "/file", "~/file", ":include:/path",
// and addresses (local ones expanded again, others forwarded). Same trust rules as ExpansionRun.cs.
using Estafeta.Delivery;
using Estafeta.Tables;

namespace Estafeta.Aliases;

internal sealed partial class ExpansionRun
{
    private const string IncludePrefix = ":include:";

    /// <summary>deliver_token_string: each comma-separated value; returns how many there were.</summary>
    private int Tokens(ExpansionState state, string value)
    {
        var count = 0;
        foreach (var token in AliasValues.Split(value))
        {
            count++;
            Token(state, Unbracket(token));
        }

        return count;
    }

    private void Token(ExpansionState state, string token)
    {
        if (token.StartsWith('/'))
        {
            File(state, token);
        }
        else if (token.StartsWith('~'))
        {
            HomeFile(state, token);
        }
        else if (token.StartsWith('|'))
        {
            if ((context.CommandsAllowedIn & state.Kind) == 0)
            {
                Fail(state, permanent: true, "5.7.1", "mail to command is restricted");
            }
            else
            {
                Command(state, token[1..].Trim());
            }
        }
        else if (token.StartsWith(IncludePrefix, StringComparison.OrdinalIgnoreCase))
        {
            Include(state, token[IncludePrefix.Length..].Trim());
        }
        else
        {
            Resolve(state, token);
        }
    }

    /// <summary>deliver_file: append to a file, with the rights of the .forward owner or default_privs.</summary>
    private void File(ExpansionState state, string path)
    {
        var runAs = RunAs(state);
        if (runAs is null || !_seen.Add($"file {runAs.UserId} {path}"))
        {
            return;
        }

        if ((context.FilesAllowedIn & state.Kind) == 0)
        {
            Fail(state, permanent: true, "5.7.1", "mail to file is restricted");
            return;
        }

        Add(new FileTarget(path, runAs) { Address = state.Address });
    }

    /// <summary>deliver_token_home: ~/path in the home of the .forward owner; nothing else has a home.</summary>
    private void HomeFile(ExpansionState state, string token)
    {
        if (token.Length < 2 || token[1] != '/')
        {
            Fail(state, permanent: true, "5.0.0", $"bad home directory syntax for: {token}");
        }
        else if (state.Rights is not { } rights || rights.HomeDirectory.Length == 0)
        {
            Fail(state, permanent: true, "5.0.0", $"unknown home directory for: {token}");
        }
        else
        {
            File(state, rights.HomeDirectory == "/" ? token[1..] : rights.HomeDirectory.TrimEnd('/') + token[1..]);
        }
    }

    /// <summary>deliver_command: pipe to a command, with the rights of the .forward owner or default_privs.</summary>
    private void Command(ExpansionState state, string command)
    {
        var runAs = RunAs(state);
        if (runAs is not null && _seen.Add($"command {state.User}:{runAs.UserId} {command}"))
        {
            Add(new PipeTarget(command, runAs, state.Extension) { Address = state.Address });
        }
    }

    /// <summary>The rights for a file or command: the user's, or default_privs for root's (aliases owned by root).
    /// Null (with a deferral recorded) when default_privs names no account.</summary>
    private LocalUser? RunAs(ExpansionState state)
    {
        if (state.Rights is { UserId: not 0 } rights)
        {
            return rights;
        }

        if (context.DefaultPrivs() is { } nobody)
        {
            return nobody;
        }

        Warn($"default_privs: unknown or privileged user \"{context.Settings.DefaultPrivs}\"");
        Fail(state, permanent: false, "4.3.0", "mail system configuration error");
        return null;
    }

    /// <summary>deliver_resolve_tree: qualify the address, splice in an unmatched extension, and expand a
    /// local one again or forward a remote one.</summary>
    private void Resolve(ExpansionState state, string token)
    {
        state = state.Deeper();
        var address = context.Qualify(token);
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.Any(char.IsControl) || address.Contains(' ', StringComparison.Ordinal) && !address.StartsWith('"'))
        {
            Fail(state, permanent: true, "5.1.3", $"bad recipient address syntax: {address}");
            return;
        }

        if (state.Unmatched is not null && context.Settings.RecipientDelimiter.Length > 0)
        {
            address = $"{address[..at]}{context.Settings.RecipientDelimiter[0]}{state.Unmatched}{address[at..]}";
            at = address.LastIndexOf('@');
        }

        state = state with { Address = address };
        if (context.IsLocalDomain(address[(at + 1)..].ToLowerInvariant()))
        {
            Recipient(state);
        }
        else
        {
            Indirect(state);
        }
    }

    /// <summary>"Full Name &lt;user@domain&gt;" → "user@domain"; anything else as it is.</summary>
    private static string Unbracket(string token)
    {
        var open = token.IndexOf('<', StringComparison.Ordinal);
        return open >= 0 && token.EndsWith('>') && !token.StartsWith('"') ? token[(open + 1)..^1].Trim() : token;
    }
}
