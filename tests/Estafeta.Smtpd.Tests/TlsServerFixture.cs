using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Estafeta.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Smtpd.Tests;

/// <summary>A SmtpConnectionHandler with a self-signed certificate and a password file, on a loopback port.</summary>
internal sealed class TlsServerFixture : IAsyncDisposable
{
    public const string Host = SessionHarness.Host;
    public const string User = "alice@example.org";
    public const string Password = "correct horse battery staple";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sessions = [];
    private readonly List<TcpClient> _clients = [];
    private readonly Estafeta.TestKit.TempDirectory _directory = new();
    private readonly Task _acceptLoop;

    public TlsServerFixture(Func<SmtpdSettings, SmtpdSettings>? configure = null, int authRateLimit = 0)
    {
        SelfSignedCertificate.Create(_directory.Path, Host, TimeProvider.System);
        var tls = ServerTls.Load(
            Path.Combine(_directory.Path, "cert.pem"), Path.Combine(_directory.Path, "key.pem"), [], ">=TLSv1.2", DateTimeOffset.UtcNow);
        var passwordFile = Path.Combine(_directory.Path, "passwd");
        PasswordFile.SetPassword(passwordFile, User, "SHA512-CRYPT", CryptHasher.Hash(Password, "$6$"));
        var settings = new SmtpdSettings
        {
            MyHostname = Host,
            Banner = $"{Host} ESMTP Estafeta",
            TlsSecurityLevel = TlsSecurityLevel.May,
            SaslAuthEnable = true,
        };
        Settings = configure?.Invoke(settings) ?? settings;
        var handler = new SmtpConnectionHandler(
            Settings, Policy, Cleanup, new FakeResolver(), Logs, new FakeTimeProvider(), tls,
            new PasswordVerifier([new PasswordFile(passwordFile)]),
            new AuthRateLimiter(authRateLimit, TimeSpan.FromSeconds(60), TimeProvider.System));
        _listener.Start();
        _acceptLoop = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                lock (_sessions)
                {
                    _sessions.Add(handler.HandleAsync(socket, _stopping.Token));
                }
            }
        });
    }

    public SmtpdSettings Settings { get; }

    public FakePolicy Policy { get; } = new();

    public FakeCleanup Cleanup { get; } = new();

    public ListLoggerFactory Logs { get; } = new();

    public static string PlainResponse(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public async Task<SmtpTestClient> ConnectAsync()
    {
        var client = new TcpClient();
        _clients.Add(client);
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        return new SmtpTestClient(client.GetStream());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
        _directory.Dispose();
    }
}

/// <summary>Reads replies byte by byte, so that nothing the server sends after STARTTLS's 220 is buffered in plaintext.</summary>
internal sealed class SmtpTestClient(Stream stream)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public Stream Stream { get; private set; } = stream;

    public async Task SendAsync(string text) => await Stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReplyAsync();
    }

    /// <summary>One whole reply, its lines joined by "\n"; null when the server closed the connection.</summary>
    public async Task<string?> TryReplyAsync()
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(Patience);
        var line = new List<byte>();
        var one = new byte[1];
        for (var guard = 0; guard < 100_000; guard++)
        {
            if (await Stream.ReadAsync(one, timeout.Token) == 0)
            {
                return lines.Count == 0 ? null : string.Join("\n", lines);
            }

            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            lines.Add(text);
            if (text.Length < 4 || text[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }

        throw new InvalidOperationException("reply too long");
    }

    public async Task<string> ReplyAsync() => await TryReplyAsync() ?? throw new InvalidOperationException("connection closed");

    /// <summary>The client side of the handshake; the self-signed test certificate is accepted.</summary>
    public async Task StartTlsAsync()
    {
        var ssl = new SslStream(Stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        using var timeout = new CancellationTokenSource(Patience);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = TlsServerFixture.Host }, timeout.Token);
        Stream = ssl;
    }
}
