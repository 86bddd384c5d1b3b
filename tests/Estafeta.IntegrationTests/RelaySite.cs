using System.Diagnostics;
using System.Net;
using Estafeta.TestKit;
using Estafeta.TestKit.Dns;

namespace Estafeta.IntegrationTests;

/// <summary>
/// A running Estafeta that sends mail to other servers: smtpd on a fixed free port, mynetworks 127.0.0.1/32,
/// mydestination "mail.test, localhost", the embedded delivery services (qmgr, smtp, local, bounce), DNS
/// answered by a test DNS server, retry timers shortened so a test sees several attempts in seconds.
/// </summary>
internal sealed class RelaySite : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private RelaySite(HostTestDirectory directory, EstafetaProcess daemon, int port)
    {
        Directory = directory;
        Daemon = daemon;
        Port = port;
    }

    public HostTestDirectory Directory { get; }

    public EstafetaProcess Daemon { get; private set; }

    public int Port { get; }

    public static async Task<RelaySite> StartAsync(string extraMainCf, TestDnsServer? dns = null)
    {
        var directory = new HostTestDirectory();
        try
        {
            // Opened (0755) as on a real machine, so the local agent acting as a test user reaches the mail folder.
            File.SetUnixFileMode(directory.Root, (UnixFileMode)0b111_101_101);
            var port = HostTestDirectory.FreePort();
            directory.WriteConfig(
                port,
                "myhostname = mail.test\n"
                + "mydestination = $myhostname, localhost\n"
                + "alias_maps =\n"
                + "mynetworks = 127.0.0.1/32\n"
                + "minimal_backoff_time = 1s\n"
                + "maximal_backoff_time = 2s\n"
                + "queue_run_delay = 1s\n"
                + (dns is null ? "" : $"estafeta_dns_servers = {dns.Address}\n")
                + extraMainCf);
            File.AppendAllText(directory.MasterCf, Estafeta.Config.ConfigurationLoader.EmbeddedDeliveryServices);
            var daemon = await EstafetaProcess.StartWithConfigAsync(directory.Config, directory.State);
            return new RelaySite(directory, daemon, port);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Kills the daemon with SIGKILL (no clean shutdown) and starts it again on the same configuration.</summary>
    public async Task KillAndRestartAsync()
    {
        Daemon.Signal(9);
        await Daemon.WaitForExitAsync(Timeout);
        Daemon.Dispose();
        Daemon = await EstafetaProcess.StartWithConfigAsync(Directory.Config, Directory.State);
    }

    /// <summary>The log text now (the daemon's mail.log).</summary>
    public string LogText() => string.Join('\n', Daemon.LogLines());

    /// <summary>Queue files still waiting anywhere in the queue (incoming, active, deferred, hold).</summary>
    public string[] QueuedFiles()
    {
        return QueueFolders.FilesLeft(Path.Combine(Directory.Root, "queue"), "incoming", "active", "deferred", "hold", "maildrop");
    }

    /// <summary>Waits (bounded) until no queue file is left.</summary>
    public async Task WaitForEmptyQueueAsync()
    {
        var watch = Stopwatch.StartNew();
        while (QueuedFiles().Length > 0)
        {
            if (watch.Elapsed > Timeout)
            {
                throw new TimeoutException($"queue not empty: {string.Join(", ", QueuedFiles())}\nlog:\n{LogText()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends one message over SMTP from <paramref name="source"/>; returns the reply to the final dot.</summary>
    public async Task<string> SendAsync(string sender, string recipient, string message, IPAddress? source = null)
    {
        using var client = await SmtpLineClient.ConnectAsync(Port, source);
        Assert.StartsWith("220 ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync($"MAIL FROM:<{sender}>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        await client.SendRawAsync(message);
        var reply = await client.CommandAsync(".");
        await client.CommandAsync("QUIT");
        return reply;
    }

    /// <summary>The reply to RCPT TO for a client connecting from <paramref name="source"/>.</summary>
    public async Task<string> RcptReplyAsync(IPAddress source, string recipient)
    {
        using var client = await SmtpLineClient.ConnectAsync(Port, source);
        Assert.StartsWith("220 ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<jose@client.example>"));
        var reply = await client.CommandAsync($"RCPT TO:<{recipient}>");
        await client.CommandAsync("QUIT");
        return reply;
    }

    public void Dispose()
    {
        try
        {
            Daemon.Signal(EstafetaProcess.SIGTERM);
            Daemon.WaitForExitAsync(EstafetaProcess.DefaultTimeout).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Already gone or stuck: Dispose kills it by pid.
        }

        Daemon.Dispose();
        Directory.Dispose();
    }
}
