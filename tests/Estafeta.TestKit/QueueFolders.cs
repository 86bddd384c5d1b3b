namespace Estafeta.TestKit;

/// <summary>What is left in a queue's folders, as a test waiting for "everything delivered" must read it.</summary>
public static class QueueFolders
{
    /// <summary>The files in the named folders of <paramref name="queueDirectory"/>, read in both orders: a file the
    /// queue manager moves from one folder to another while one pass reads them (deferred → active, say) can slip past
    /// that pass, not past both. Empty only when both passes found nothing.</summary>
    public static string[] FilesLeft(string queueDirectory, params string[] folders)
    {
        var forward = Scan(queueDirectory, folders);
        return forward.Length > 0 ? forward : Scan(queueDirectory, [.. folders.Reverse()]);
    }

    private static string[] Scan(string queueDirectory, IEnumerable<string> folders) =>
        [.. folders.Select(d => Path.Combine(queueDirectory, d)).SelectMany(d => Directory.Exists(d) ? Directory.GetFiles(d) : [])];
}
