using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Estafeta.IntegrationTests;

/// <summary>
/// An aiosmtpd server (Debian's python3-aiosmtpd) that requires STARTTLS and then AUTH PLAIN/LOGIN; each message
/// lands in DIR/peer as NNNN.eml (content) and NNNN.json (envelope, TLS, authenticated user).
/// </summary>
internal static class RelayPython
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
                    "rcpt_tos": envelope.rcpt_tos,
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
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(args["cert"], args["key"])
            def factory():
                return SMTP(Handler(), hostname="relay.test", tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True, auth_require_tls=True)
            loop = asyncio.get_running_loop()
            server = await loop.create_server(factory, host="127.0.0.1", port=0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """;

    public static RelayPeer StartAuthPeer(string directory, string user, string password)
    {
        var dumps = Path.Combine(directory, "peer");
        Directory.CreateDirectory(dumps);
        var script = Path.Combine(directory, "peer.py");
        File.WriteAllText(script, Script);
        var (cert, key) = WriteSelfSigned(directory, "relay.test");
        var arguments = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["dir"] = dumps,
            ["cert"] = cert,
            ["key"] = key,
            ["user"] = user,
            ["password"] = password,
        });
        return RelayPeer.StartPython(script, arguments, dumps);
    }

    /// <summary>main.cf lines: relayhost, TLS required, SASL on with a password map holding "jose:PASSWORD".</summary>
    public static string RelayhostConfig(string directory, int port, string password)
    {
        var map = Path.Combine(directory, "sasl_passwd");
        File.WriteAllText(map, $"[127.0.0.1]:{port} jose:{password}\n");
        return $"relayhost = [127.0.0.1]:{port}\n"
            + "smtp_tls_security_level = encrypt\n"
            + "smtp_sasl_auth_enable = yes\n"
            + $"smtp_sasl_password_maps = hash:{map}\n";
    }

    public static IReadOnlyList<(string Content, JsonElement Meta)> Received(RelayPeer peer) =>
        [.. Directory.GetFiles(peer.Dumps, "*.eml").Order(StringComparer.Ordinal)
            .Select(f => (File.ReadAllText(f).Replace("\r\n", "\n", StringComparison.Ordinal), JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(f, ".json"))).RootElement))];

    private static (string Cert, string Key) WriteSelfSigned(string directory, string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certPath = Path.Combine(directory, hostName + ".crt");
        var keyPath = Path.Combine(directory, hostName + ".key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }
}
