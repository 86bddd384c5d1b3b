using System.Diagnostics;
using System.Globalization;

namespace Estafeta.IntegrationTests;

/// <summary>
/// A private Postfix instance (postfix -c DIR/etc start): smtpd on 127.0.0.1:PORT, mydestination remote.test, queue,
/// data, spool and log in DIR; stopped with postfix -c DIR/etc stop and waited for (its master's pid) on dispose.
/// </summary>
internal sealed class RelayPostfix : IAsyncDisposable
{
    private const string Services =
        "pickup unix n - n 60 1 pickup\n"
        + "cleanup unix n - n - 0 cleanup\n"
        + "qmgr unix n - n 300 1 qmgr\n"
        + "rewrite unix - - n - - trivial-rewrite\n"
        + "bounce unix - - n - 0 bounce\n"
        + "defer unix - - n - 0 bounce\n"
        + "trace unix - - n - 0 bounce\n"
        + "verify unix - - n - 1 verify\n"
        + "flush unix n - n 1000? 0 flush\n"
        + "proxymap unix - - n - - proxymap\n"
        + "smtp unix - - n - - smtp\n"
        + "relay unix - - n - - smtp\n"
        + "showq unix n - n - - showq\n"
        + "error unix - - n - - error\n"
        + "retry unix - - n - - error\n"
        + "discard unix - - n - - discard\n"
        + "local unix - n n - - local\n"
        + "anvil unix - - n - 1 anvil\n"
        + "scache unix - - n - 1 scache\n"
        + "postlog unix-dgram n - n - 1 postlogd\n";

    private readonly string _directory;

    private RelayPostfix(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string ConfigDirectory => Path.Combine(_directory, "etc");

    private string LogPath => Path.Combine(_directory, "postfix.log");

    public static async Task<RelayPostfix> StartAsync(string directory)
    {
        var port = HostTestDirectory.FreePort();
        var instance = new RelayPostfix(directory, port);
        Directory.CreateDirectory(instance.ConfigDirectory);
        Directory.CreateDirectory(Path.Combine(directory, "queue"));
        var data = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        TestUser.Run("chown", "postfix", data);
        var spool = Directory.CreateDirectory(Path.Combine(directory, "spool")).FullName;
        File.SetUnixFileMode(spool, (UnixFileMode)0b1_111_111_111);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        File.WriteAllText(
            Path.Combine(instance.ConfigDirectory, "main.cf"),
            "compatibility_level = 3.6\n"
            + $"queue_directory = {directory}/queue\n"
            + $"data_directory = {data}\n"
            + $"mail_spool_directory = {spool}\n"
            + $"maillog_file_prefixes = {directory}\n"
            + $"maillog_file = {instance.LogPath}\n"
            + "myhostname = remote.test\n"
            + "mydestination = remote.test\n"
            + "inet_interfaces = 127.0.0.1\n"
            + "inet_protocols = ipv4\n"
            + "mynetworks = 127.0.0.0/8\n"
            + "alias_maps =\n"
            + "alias_database =\n");
        File.WriteAllText(Path.Combine(instance.ConfigDirectory, "master.cf"), $"127.0.0.1:{port} inet n - n - - smtpd\n" + Services);
        var start = await SmtpTestSupport.RunToolAsync("/usr/sbin/postfix", ["-c", instance.ConfigDirectory, "start"], SmtpTestSupport.Timeout);
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"postfix start failed ({start.ExitCode}): {start.Error}\n{instance.LogText()}");
        }

        return instance;
    }

    public string MailboxOf(string user) => Path.Combine(_directory, "spool", user);

    public string LogText() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public async ValueTask DisposeAsync()
    {
        int? master = null;
        try
        {
            master = MasterPid();
        }
        catch (InvalidOperationException)
        {
            // No pid to wait for; stop it all the same.
        }

        await SmtpTestSupport.RunToolAsync("/usr/sbin/postfix", ["-c", ConfigDirectory, "stop"], SmtpTestSupport.Timeout);
        if (master is not int pid)
        {
            return;
        }

        // Wait (bounded) for the master to be gone, so the folder can go too; a zombie counts as gone.
        var watch = Stopwatch.StartNew();
        while (IsRunning(pid) && watch.Elapsed < SmtpTestSupport.Timeout)
        {
            await Task.Delay(50);
        }
    }

    private int? MasterPid()
    {
        var file = Path.Combine(_directory, "queue", "pid", "master.pid");
        // Read with cat: Postfix holds an exclusive lock on the file, which .NET's own open respects and fails on.
        return File.Exists(file) && int.TryParse(TestUser.Run("cat", file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return !state.StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
