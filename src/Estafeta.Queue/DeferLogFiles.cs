// The per-message status logs in queue_directory/defer/, one JSON file per queue id.
// Trusts: the queue directory (mode 0700, ours). Must never: leave a half-written log in place of a
// good one (write to a temporary name, fsync, rename, fsync the directory).
using System.Text.Json;

namespace Estafeta.Queue;

internal static class DeferLogFiles
{
    public const string DirectoryName = "defer";
    private const string TemporarySuffix = ".tmp";

    public static DeferLog? Read(string directory, string queueId)
    {
        var path = Path.Combine(directory, queueId);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, DeferLogJsonContext.Default.DeferLog);
        }
        catch (JsonException)
        {
            // A log is advice (reasons, counters), never the message: a damaged one is as good as none.
            return null;
        }
    }

    public static void Write(string directory, string queueId, DeferLog log)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the queue needs POSIX file modes");
        }

        var path = Path.Combine(directory, queueId);
        var temporary = path + TemporarySuffix;
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, log, DeferLogJsonContext.Default.DeferLog);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        NativeFileSystem.FsyncDirectory(directory);
    }

    public static void Delete(string directory, string queueId)
    {
        var path = Path.Combine(directory, queueId);
        if (File.Exists(path))
        {
            File.Delete(path);
            NativeFileSystem.FsyncDirectory(directory);
        }
    }
}
