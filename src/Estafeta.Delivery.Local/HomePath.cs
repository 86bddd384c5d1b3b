namespace Estafeta.Delivery.Local;

/// <summary>home_mailbox may name a path with directories inside the user's home ("Mail/inbox"). As root we
/// must not follow a symlink the user planted there (O_NOFOLLOW guards only the last name).</summary>
internal static class HomePath
{
    /// <summary>The first directory between HOME and the last name of the relative path that exists and is
    /// not a real directory (a symlink, a file), or null when all are real directories or absent.</summary>
    public static string? FindLinkedDirectory(string home, string relative)
    {
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = home;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            path = Path.Combine(path, parts[i]);
            if (FileStatus.OfLink(path) is { IsDirectory: false })
            {
                return path;
            }
        }

        return null;
    }
}
