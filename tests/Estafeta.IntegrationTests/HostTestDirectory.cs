using System.Net;
using System.Net.Sockets;
using System.Text;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>A private folder per test: a state folder and, when asked, a config folder with main.cf and master.cf.</summary>
internal sealed class HostTestDirectory : IDisposable
{
    public HostTestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("estafeta-host-").FullName;
        State = Path.Combine(Root, "state");
        Config = Path.Combine(Root, "etc");
        Directory.CreateDirectory(Config);
    }

    public string Root { get; }

    public string State { get; }

    public string Config { get; }

    public string MainCf => Path.Combine(Config, "main.cf");

    public string MasterCf => Path.Combine(Config, "master.cf");

    public string LogFile => Path.Combine(Root, "log", "mail.log");

    /// <summary>
    /// A config folder whose smtpd listens on 127.0.0.1:<paramref name="port"/> and whose queue, mail and
    /// log stay inside this test's folder; <paramref name="extraMainCf"/> is appended to main.cf.
    /// </summary>
    public void WriteConfig(int port, string extraMainCf = "")
    {
        File.WriteAllText(MainCf, BaseMainCf() + extraMainCf);
        File.WriteAllText(MasterCf, $"127.0.0.1:{port} inet n - n - - smtpd\n");
    }

    /// <summary>
    /// The embedded default's settings (queue, mail and log in the state folder, so `estafeta queue` without -c
    /// finds the same queue) with a master.cf that has only smtpd on 127.0.0.1:0: no queue manager, so
    /// accepted mail stays in incoming/ for the test to inspect.
    /// </summary>
    public Task<EstafetaProcess> StartQueueOnlyAsync(params string[] extraArguments)
    {
        File.WriteAllText(
            MainCf,
            $"queue_directory = {State}/queue\n"
            + $"data_directory = {State}/data\n"
            + $"mail_spool_directory = {State}/mail\n"
            + $"maillog_file = {State}/log/mail.log\n"
            + "mydestination = $myhostname, localhost.$mydomain, localhost\n"
            + "mynetworks_style = host\n"
            + "alias_maps =\n"
            + "inet_interfaces = loopback-only\n");
        File.WriteAllText(MasterCf, "127.0.0.1:0 inet n - n - - smtpd\n");
        return EstafetaProcess.StartWithConfigAsync(Config, State, extraArguments);
    }

    public string BaseMainCf() =>
        $"queue_directory = {Root}/queue\n"
        + $"mail_spool_directory = {Root}/mail\n"
        + $"maillog_file = {LogFile}\n";

    /// <summary>A port that was free a moment ago (bound to port 0 and released).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Connects and reads the first reply line the server sends.</summary>
    public static async Task<string> ReadGreetingAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadLineAsync(timeout.Token) ?? "";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
