using System.Text.Json;

namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>An aiosmtpd server (Debian's python3-aiosmtpd) with SIZE, STARTTLS and AUTH as a test asks.
/// Each message lands in the dump directory as NNNN.eml (content) and NNNN.json (envelope, TLS, auth user).</summary>
internal static class PythonSmtpPeer
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
                return SMTP(Handler(), hostname="peer.test", tls_context=context,
                            require_starttls=bool(args.get("require_tls")),
                            authenticator=authenticator if user else None,
                            auth_required=bool(user), auth_require_tls=bool(context),
                            data_size_limit=args.get("size", 33554432))
            loop = asyncio.get_running_loop()
            server = await loop.create_server(factory, host="127.0.0.1", port=0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """;

    /// <param name="directory">The test's directory: the script and the dumps go under it.</param>
    /// <param name="size">SIZE limit to announce.</param>
    /// <param name="certificatePem">PEM certificate and key files to offer STARTTLS with.</param>
    /// <param name="user">Require AUTH with this user and password.</param>
    public static PeerProcess Start(string directory, long? size = null, (string Cert, string Key)? certificatePem = null, string? user = null, string? password = null, bool requireTls = false)
    {
        var dumps = Path.Combine(directory, "peer");
        Directory.CreateDirectory(dumps);
        var script = Path.Combine(directory, "peer.py");
        File.WriteAllText(script, Script);
        var arguments = new Dictionary<string, object?>
        {
            ["dir"] = dumps,
            ["size"] = size ?? 33554432,
            ["cert"] = certificatePem?.Cert,
            ["key"] = certificatePem?.Key,
            ["user"] = user,
            ["password"] = password,
            ["require_tls"] = requireTls,
        };
        return PeerProcess.StartPython(script, JsonSerializer.Serialize(arguments));
    }

    public static string DumpDirectory(string directory) => Path.Combine(directory, "peer");

    /// <summary>The messages received so far: content and envelope metadata.</summary>
    public static IReadOnlyList<(string Content, JsonElement Meta)> Received(string directory) =>
        [.. Directory.GetFiles(DumpDirectory(directory), "*.eml").Order(StringComparer.Ordinal)
            .Select(f => (File.ReadAllText(f).Replace("\r\n", "\n", StringComparison.Ordinal), JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(f, ".json"))).RootElement))];
}
