using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Estafeta.Auth;
using Estafeta.Smtpd;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// A config folder with three smtpd services on loopback: plain smtp, "submission" as Debian's stock master.cf
/// has it (uncommented), and "submissions" with implicit TLS; a self-signed certificate and a password file
/// with one user. Only smtpd runs, so accepted mail stays in incoming/.
/// </summary>
internal sealed class SubmissionSetup : IDisposable
{
    public const string User = "ana@localhost";
    public const string Password = "Tr0ub4dor&3 with spaces";

    private readonly HostTestDirectory _dir = new();

    public SubmissionSetup()
    {
        SmtpPort = HostTestDirectory.FreePort();
        SubmissionPort = HostTestDirectory.FreePort();
        SubmissionsPort = HostTestDirectory.FreePort();
        TlsDirectory = Path.Combine(_dir.Root, "tls");
        SelfSignedCertificate.Create(TlsDirectory, "localhost", TimeProvider.System);
        PasswordFile.SetPassword(Path.Combine(_dir.Config, "sasl-users"), User, "SHA512-CRYPT", CryptHasher.Hash(Password, "$6$"));
    }

    public HostTestDirectory Directory => _dir;

    public int SmtpPort { get; }

    public int SubmissionPort { get; }

    public int SubmissionsPort { get; }

    public string TlsDirectory { get; }

    public string QueueDirectory => Path.Combine(_dir.Root, "queue");

    /// <summary>Writes main.cf (with <paramref name="extraMainCf"/>) and master.cf, and starts the server.</summary>
    public Task<EstafetaProcess> StartAsync(string extraMainCf = "")
    {
        WriteConfig(extraMainCf);
        return EstafetaProcess.StartWithConfigAsync(_dir.Config, _dir.State);
    }

    public void WriteConfig(string extraMainCf = "")
    {
        File.WriteAllText(_dir.MainCf,
            $"queue_directory = {_dir.Root}/queue\n"
            + $"data_directory = {_dir.Root}/data\n"
            + $"mail_spool_directory = {_dir.Root}/mail\n"
            + $"maillog_file = {_dir.LogFile}\n"
            + "mydestination = $myhostname, localhost.$mydomain, localhost\n"
            + "alias_maps =\n"
            + "inet_interfaces = loopback-only\n"
            + "mynetworks = 127.0.0.1/32\n"
            + $"smtpd_tls_cert_file = {TlsDirectory}/cert.pem\n"
            + $"smtpd_tls_key_file = {TlsDirectory}/key.pem\n"
            + "smtpd_tls_security_level = may\n"
            + $"estafeta_sasl_password_file = {_dir.Config}/sasl-users\n"
            + "estafeta_sasl_password_sources = passwd-file\n"
            + extraMainCf);
        File.WriteAllText(_dir.MasterCf,
            $"127.0.0.1:{SmtpPort} inet n - n - - smtpd\n"
            + $"127.0.0.1:{SubmissionPort} inet n - y - - smtpd\n"
            + "  -o syslog_name=postfix/submission\n"
            + "  -o smtpd_tls_security_level=encrypt\n"
            + "  -o smtpd_sasl_auth_enable=yes\n"
            + "  -o smtpd_tls_auth_only=yes\n"
            + "  -o smtpd_reject_unlisted_recipient=no\n"
            + "  -o smtpd_client_restrictions=$mua_client_restrictions\n"
            + "  -o smtpd_helo_restrictions=$mua_helo_restrictions\n"
            + "  -o smtpd_sender_restrictions=$mua_sender_restrictions\n"
            + "  -o smtpd_recipient_restrictions=\n"
            + "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n"
            + "  -o milter_macro_daemon_name=ORIGINATING\n"
            + $"127.0.0.1:{SubmissionsPort} inet n - y - - smtpd\n"
            + "  -o syslog_name=postfix/submissions\n"
            + "  -o smtpd_tls_wrappermode=yes\n"
            + "  -o smtpd_sasl_auth_enable=yes\n"
            + "  -o smtpd_reject_unlisted_recipient=no\n"
            + "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n");
    }

    public static string PlainResponse(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    public void Dispose() => _dir.Dispose();
}

/// <summary>A raw SMTP client that can switch to TLS; replies are read byte by byte so nothing plaintext is buffered.</summary>
internal sealed class TlsLineClient : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _timeout = new(SmtpTestSupport.Timeout);
    private Stream _stream;

    private TlsLineClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<TlsLineClient> ConnectAsync(int port, IPAddress? source = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new TlsLineClient(socket);
    }

    /// <summary>The last line of the next reply; null when the server closed the connection.</summary>
    public async Task<string?> ReadReplyAsync()
    {
        var line = new List<byte>();
        var one = new byte[1];
        for (var guard = 0; guard < 100_000; guard++)
        {
            if (await _stream.ReadAsync(one, _timeout.Token) == 0)
            {
                return null;
            }

            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length < 4 || text[3] != '-')
            {
                return text;
            }
        }

        throw new InvalidDataException("reply too long");
    }

    public async Task<string?> CommandAsync(string command)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), _timeout.Token);
        return await ReadReplyAsync();
    }

    /// <summary>TLS handshake as a client; the test's self-signed certificate is accepted.</summary>
    public async Task StartTlsAsync()
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, _timeout.Token);
        _stream = ssl;
    }

    /// <summary>Greeting, EHLO, STARTTLS, handshake, EHLO again.</summary>
    public async Task SecureAsync()
    {
        await ReadReplyAsync();
        await CommandAsync("EHLO client.example");
        var ready = await CommandAsync("STARTTLS");
        if (ready != "220 2.0.0 Ready to start TLS")
        {
            throw new InvalidOperationException("STARTTLS refused: " + ready);
        }

        await StartTlsAsync();
        await CommandAsync("EHLO client.example");
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
        _timeout.Dispose();
    }
}
