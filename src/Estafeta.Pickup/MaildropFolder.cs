// The maildrop folder: where sendmail leaves messages for pickup, whether or not the daemon runs.
// Trusts: the kernel's file ownership (it names the submitter). Must never: let one user list, read or
// remove another user's drop file (mode 1733: sticky, write+search for all, read for the owner only).
namespace Estafeta.Pickup;

/// <summary>Names and modes of QUEUE_DIRECTORY/maildrop and QUEUE_DIRECTORY/public/pickup.</summary>
public static class MaildropFolder
{
    public const string DirectoryName = "maildrop";
    public const string PublicDirectoryName = "public";
    public const string TriggerName = "pickup";

    /// <summary>sendmail writes here first; pickup ignores these names (and removes stale ones).</summary>
    public const string TemporaryPrefix = "tmp.";

    public const UnixFileMode MaildropMode =
        UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public const UnixFileMode SearchOnlyMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static string PathIn(string queueDirectory) => Path.Combine(queueDirectory, DirectoryName);

    public static string TriggerPathIn(string queueDirectory) => Path.Combine(queueDirectory, PublicDirectoryName, TriggerName);

    /// <summary>
    /// The daemon's part: creates maildrop/ (1733) and public/ (0711) and lets everyone search the queue
    /// directory itself (0711: enough to reach those two; its state folders stay 0700). Idempotent; the
    /// modes are set explicitly so the umask does not matter.
    /// </summary>
    public static void Create(string queueDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the maildrop needs POSIX file modes");
        }

        Directory.CreateDirectory(queueDirectory, SearchOnlyMode);
        var queueMode = File.GetUnixFileMode(queueDirectory);
        File.SetUnixFileMode(queueDirectory, queueMode | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var maildrop = PathIn(queueDirectory);
        Directory.CreateDirectory(maildrop);
        File.SetUnixFileMode(maildrop, MaildropMode);
        var publicDirectory = Path.Combine(queueDirectory, PublicDirectoryName);
        Directory.CreateDirectory(publicDirectory);
        File.SetUnixFileMode(publicDirectory, SearchOnlyMode);
    }

    /// <summary>"tmp." and 16 random hex digits.</summary>
    internal static string NewTemporaryName() => TemporaryPrefix + RandomHex();

    /// <summary>The final name: arrival time in microseconds (16 hex digits, so names sort by arrival), a dot,
    /// 16 random hex digits.</summary>
    internal static string NewFinalName(DateTimeOffset now) =>
        $"{(now.ToUnixTimeMilliseconds() * 1000) + (now.Ticks / 10 % 1000):X16}.{RandomHex()}";

    // Not a secret: O_EXCL and the sticky folder make a guessed name harmless. Random.Shared (seeded by the
    // kernel) keeps OpenSSL, which RandomNumberGenerator loads, off sendmail's start-up path.
    private static string RandomHex() => Random.Shared.NextInt64().ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
}
