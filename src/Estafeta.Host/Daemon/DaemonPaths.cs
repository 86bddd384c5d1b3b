using Estafeta.Config;

namespace Estafeta.Host.Daemon;

/// <summary>The folders the daemon writes to, read from the configuration and created at start.</summary>
internal sealed record DaemonPaths(string QueueDirectory, string MailboxDirectory, string? LogFile)
{
    public static DaemonPaths From(MainConfig main) => new(
        main.Get("queue_directory"),
        main.Get("mail_spool_directory"),
        main.Get("maillog_file") is { Length: > 0 } file ? file : null);

    /// <exception cref="IOException">A folder cannot be created.</exception>
    public void Create()
    {
        CreateOne("queue directory", QueueDirectory);
        CreateOne("mailbox directory", MailboxDirectory);
        if (LogFile is not null && Path.GetDirectoryName(Path.GetFullPath(LogFile)) is { } logDirectory)
        {
            CreateOne("log directory", logDirectory);
        }
    }

    private static void CreateOne(string what, string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot create {what} {path}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot create {what} {path}: {e.Message}", e);
        }
    }
}
