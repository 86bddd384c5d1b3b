namespace Estafeta.Aliases;

/// <summary>
/// The main.cf parameters that local(8) address expansion reads, with Postfix's defaults.
/// The host fills it from main.cf ($name references already expanded, except in <see cref="ForwardPath"/>,
/// whose $home, $user, ${extension}... are per-recipient and expanded here).
/// </summary>
public sealed record LocalExpansionSettings
{
    /// <summary>alias_maps: the alias tables, searched in order (Postfix default "hash:/etc/aliases").</summary>
    public IReadOnlyList<string> AliasMaps { get; init; } = ["hash:/etc/aliases"];

    /// <summary>recipient_delimiter: the characters that separate user from extension ("" = no extensions, the default).
    /// Any one of the characters counts, as in Postfix 2.11 and later.</summary>
    public string RecipientDelimiter { get; init; } = string.Empty;

    /// <summary>forward_path: where to look for a .forward file; the first one that exists is used.</summary>
    public string ForwardPath { get; init; } = "$home/.forward${recipient_delimiter}${extension}, $home/.forward";

    /// <summary>default_privs: the account whose rights |command and /file deliveries from root-owned aliases use.</summary>
    public string DefaultPrivs { get; init; } = "nobody";

    /// <summary>allow_mail_to_commands: where "|command" is allowed: any of alias, forward, include.</summary>
    public string AllowMailToCommands { get; init; } = "alias, forward";

    /// <summary>allow_mail_to_files: where "/file/name" is allowed: any of alias, forward, include.</summary>
    public string AllowMailToFiles { get; init; } = "alias, forward";

    /// <summary>propagate_unmatched_extensions: of its values local(8) uses alias, forward, include
    /// (canonical and virtual belong to cleanup). Default "canonical, virtual": local(8) propagates nothing.</summary>
    public string PropagateUnmatchedExtensions { get; init; } = "canonical, virtual";

    /// <summary>owner_request_special: when alias NAME has an owner-NAME alias, copies go out with sender owner-NAME@$myorigin.</summary>
    public bool OwnerRequestSpecial { get; init; } = true;

    /// <summary>expand_owner_alias: use the owner-NAME alias's value (not owner-NAME itself) as the sender.</summary>
    public bool ExpandOwnerAlias { get; init; }

    /// <summary>myorigin: the domain appended to unqualified names in aliases and .forward files (Postfix: $myhostname).</summary>
    public string MyOrigin { get; init; } = Environment.MachineName.ToLowerInvariant();
}
