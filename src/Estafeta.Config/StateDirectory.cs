namespace Estafeta.Config;

/// <summary>
/// Where the embedded default keeps its queue, mailboxes and log: $ESTAFETA_STATE_DIR, else
/// $XDG_STATE_HOME/estafeta, else ~/.local/state/estafeta (the XDG base directory rule for state).
/// </summary>
public static class StateDirectory
{
    public static string Resolve(Func<string, string?> environment)
    {
        if (environment("ESTAFETA_STATE_DIR") is { Length: > 0 } explicitDirectory)
        {
            return Path.GetFullPath(explicitDirectory);
        }

        if (environment("XDG_STATE_HOME") is { Length: > 0 } xdgState && Path.IsPathRooted(xdgState))
        {
            return Path.Combine(xdgState, "estafeta");
        }

        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", "estafeta");
    }

    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable);
}
