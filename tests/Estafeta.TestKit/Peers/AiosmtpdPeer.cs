// A remote SMTP server for tests: Debian's python3-aiosmtpd on 127.0.0.1, with SIZE, STARTTLS and AUTH as a test asks.
// Trusts: the Python script it writes itself. Must never: listen beyond loopback, or stop anything but its own process.
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Estafeta.TestKit.Peers;

/// <summary>
/// An aiosmtpd server. Each accepted message lands in <see cref="DumpDirectory"/> as NNNN.eml (content, renamed
/// into place only when complete) and NNNN.json (envelope, TLS, authenticated user); read them with <see cref="Received"/>.
/// Its reply to DATA is "250 2.0.0 Ok: queued as PYNNNN".
/// </summary>
public sealed class AiosmtpdPeer : IDisposable
{
    private const string Script = """
        import asyncio, json, os, ssl, sys
        from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

        args = json.loads(sys.argv[1])
        directory = args["dir"]

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                n = len([f for f in os.listdir(directory) if f.endswith(".eml")])
                meta = {
                    "mail_from": envelope.mail_from,
                    "mail_options": envelope.mail_options,
                    "rcpt_tos": envelope.rcpt_tos,
                    "rcpt_options": envelope.rcpt_options,
                    "tls": session.ssl is not None,
                    "auth": session.auth_data.decode() if session.authenticated and isinstance(session.auth_data, bytes) else None,
                }
                with open(os.path.join(directory, "%04d.json" % n), "w") as f:
                    json.dump(meta, f)
                with open(os.path.join(directory, "%04d.tmp" % n), "wb") as f:
                    f.write(envelope.original_content)
                os.rename(os.path.join(directory, "%04d.tmp" % n), os.path.join(directory, "%04d.eml" % n))
                return "250 2.0.0 Ok: queued as PY%04d" % n

        def authenticator(server, session, envelope, mechanism, auth_data):
            if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args["user"] and auth_data.password.decode() == args["password"]:
                return AuthResult(success=True, auth_data=auth_data.login)
            return AuthResult(success=False, handled=False)

        async def main():
            context = None
            if args.get("cert"):
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(args["cert"], args["key"])
            user = args.get("user")
            def factory():
                return SMTP(Handler(), hostname=args["hostname"], tls_context=context,
                            require_starttls=bool(args.get("require_tls")),
                            authenticator=authenticator if user else None,
                            auth_required=bool(user), auth_require_tls=bool(context),
                            data_size_limit=args["size"])
            loop = asyncio.get_running_loop()
            server = await loop.create_server(factory, host="127.0.0.1", port=0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """;

    private readonly PeerProcess _process;

    private AiosmtpdPeer(PeerProcess process, string dumpDirectory)
    {
        _process = process;
        DumpDirectory = dumpDirectory;
    }

    public int Port => _process.Port;

    public IPEndPoint EndPoint => _process.EndPoint;

    /// <summary>Where the accepted messages land.</summary>
    public string DumpDirectory { get; }

    /// <summary>Starts a peer whose script and dumps live under <paramref name="directory"/> (the test's own).</summary>
    public static AiosmtpdPeer Start(string directory, AiosmtpdPeerOptions? options = null)
    {
        options ??= new AiosmtpdPeerOptions();
        if (options.RequireStartTls && options.Certificate is null)
        {
            throw new ArgumentException("STARTTLS cannot be required without a certificate", nameof(options));
        }

        if (options.User is not null && options.Password is null)
        {
            throw new ArgumentException("AUTH needs a password", nameof(options));
        }

        var (script, dumps) = NewPeerFiles(directory);
        File.WriteAllText(script, Script);
        var arguments = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["dir"] = dumps,
            ["hostname"] = options.HostName,
            ["size"] = options.SizeLimit,
            ["cert"] = options.Certificate?.CertificatePath,
            ["key"] = options.Certificate?.KeyPath,
            ["user"] = options.User,
            ["password"] = options.Password,
            ["require_tls"] = options.RequireStartTls,
        });
        var start = new ProcessStartInfo("/usr/bin/python3");
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(arguments);
        return new AiosmtpdPeer(PeerProcess.StartPrintingPort(start), dumps);
    }

    /// <summary>
    /// A relayhost as an ISP runs it: STARTTLS with a fresh self-signed certificate for <paramref name="hostName"/>
    /// (written to <paramref name="directory"/>), then AUTH as <paramref name="user"/>, required before mail.
    /// </summary>
    public static AiosmtpdPeer StartRequiringTlsAndAuth(string directory, string hostName, string user, string password) =>
        Start(directory, new AiosmtpdPeerOptions
        {
            HostName = hostName,
            Certificate = TestCertificate.WriteSelfSigned(directory, hostName),
            RequireStartTls = true,
            User = user,
            Password = password,
        });

    /// <summary>The messages accepted so far, in the order they arrived.</summary>
    public IReadOnlyList<AiosmtpdMessage> Received() =>
        [.. Directory.GetFiles(DumpDirectory, "*.eml").Order(StringComparer.Ordinal).Select(ReadMessage)];

    public void Dispose() => _process.Dispose();

    private static AiosmtpdMessage ReadMessage(string emlFile)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(emlFile, ".json")));
        return new AiosmtpdMessage(File.ReadAllText(emlFile).Replace("\r\n", "\n", StringComparison.Ordinal), meta.RootElement.Clone());
    }

    /// <summary>DIR/peer.py and DIR/peer/ for the first peer in a directory, peer-2.py and peer-2/ for the next, ...</summary>
    private static (string Script, string Dumps) NewPeerFiles(string directory)
    {
        for (var n = 1; n <= 100; n++)
        {
            var name = n == 1 ? "peer" : $"peer-{n}";
            var dumps = Path.Combine(directory, name);
            if (!Directory.Exists(dumps))
            {
                Directory.CreateDirectory(dumps);
                return (Path.Combine(directory, name + ".py"), dumps);
            }
        }

        throw new InvalidOperationException($"too many aiosmtpd peers in {directory}");
    }
}
