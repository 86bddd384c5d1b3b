using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog.Tests;

public sealed class SyslogSinkTests
{
    [Fact]
    public void Lines_go_to_the_syslog_socket_with_facility_mail()
    {
        using var log = new MailLogFixture(o => o with { FilePath = null, SyslogSocketPath = null });
        var socketPath = log.Directory.File("log.sock");
        using var syslogd = Bind(socketPath);
        log.Provider.Reconfigure(log.Provider.Options with { SyslogSocketPath = socketPath });

        log.Logger("smtpd").LogInformation("connect from localhost[127.0.0.1]");
        log.Logger("smtpd").LogWarning("hostname x does not resolve");
        log.Logger("master").LogCritical("cannot bind");

        Assert.Equal("<22>Nov  3 10:43:13 estafeta/smtpd[4242]: connect from localhost[127.0.0.1]", Receive(syslogd));
        Assert.Equal("<20>Nov  3 10:43:13 estafeta/smtpd[4242]: warning: hostname x does not resolve", Receive(syslogd));
        Assert.Equal("<18>Nov  3 10:43:13 estafeta/master[4242]: fatal: cannot bind", Receive(syslogd));
        Assert.Equal("syslog (" + socketPath + ")", log.Provider.Destination);
        Assert.Empty(log.Lines());
    }

    [Fact]
    public void Syslog_restart_is_survived_by_reconnecting()
    {
        using var log = new MailLogFixture(o => o with { FilePath = null, SyslogSocketPath = null });
        var socketPath = log.Directory.File("log.sock");
        var syslogd = Bind(socketPath);
        log.Provider.Reconfigure(log.Provider.Options with { SyslogSocketPath = socketPath });
        log.Logger("smtpd").LogInformation("one");
        Assert.EndsWith("one", Receive(syslogd), StringComparison.Ordinal);

        syslogd.Dispose();
        File.Delete(socketPath);
        using var restarted = Bind(socketPath);
        log.Logger("smtpd").LogInformation("two");

        Assert.EndsWith("two", Receive(restarted), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_syslog_socket_is_told_once_and_logging_goes_nowhere()
    {
        var diagnostics = new StringWriter();
        using var log = new MailLogFixture(o => o with { FilePath = null, SyslogSocketPath = null });
        var missing = log.Directory.File("no-such.sock");

        log.Provider.Reconfigure(log.Provider.Options with { SyslogSocketPath = missing, Diagnostics = diagnostics });
        log.Logger("smtpd").LogInformation("dropped");
        log.Logger("smtpd").LogInformation("dropped too");

        var notice = Assert.Single(diagnostics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("estafeta: warning: cannot connect to syslog socket " + missing, notice, StringComparison.Ordinal);
        Assert.StartsWith("nowhere", log.Provider.Destination, StringComparison.Ordinal);
    }

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
