namespace Estafeta.Aliases;

/// <summary>Where the value being expanded came from (Postfix's EXPAND_TYPE_*); decides whether
/// "|command" and "/file" are allowed (allow_mail_to_commands, allow_mail_to_files).</summary>
[Flags]
internal enum ExpansionKind
{
    None = 0,
    Alias = 1,
    Forward = 2,
    Include = 4,
}

internal static class ExpansionKinds
{
    /// <summary>"alias, forward" → Alias | Forward. Unknown words are ignored (Postfix warns at start-up).</summary>
    public static ExpansionKind Parse(string list)
    {
        var kinds = ExpansionKind.None;
        foreach (var word in list.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            kinds |= word.ToLowerInvariant() switch
            {
                "alias" => ExpansionKind.Alias,
                "forward" => ExpansionKind.Forward,
                "include" => ExpansionKind.Include,
                _ => ExpansionKind.None,
            };
        }

        return kinds;
    }
}
