// `estafeta tls create|show`: make a key and a self-signed certificate, or print a certificate's details.
// Trusts: nothing it reads. Must never: overwrite an existing key without --force, or write a key that
// others can read (0600).
using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Estafeta.Config;
using Estafeta.Smtpd;

namespace Estafeta.Host.Commands;

internal static class TlsCommand
{
    public static Command Build()
    {
        var command = new Command("tls", "TLS certificates: 'tls create' makes a key and a self-signed certificate, 'tls show FILE' prints one.");
        command.Subcommands.Add(BuildCreate());
        command.Subcommands.Add(BuildShow());
        return command;
    }

    private static Command BuildCreate()
    {
        var host = new Option<string?>("--host") { Description = "The name in the certificate (default: myhostname).", HelpName = "NAME" };
        var output = new Option<string?>("--out") { Description = "The folder for cert.pem and key.pem (default: the embedded default's STATE/tls).", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Replace an existing key and certificate." };
        var create = new Command("create", "Make a new key (ECDSA P-256) and a self-signed certificate valid for 10 years.") { host, output, force };
        create.SetAction(parseResult =>
        {
            var writer = parseResult.InvocationConfiguration.Output;
            try
            {
                var name = parseResult.GetValue(host) ?? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main.Get("myhostname");
                var directory = Path.GetFullPath(parseResult.GetValue(output) ?? Path.Combine(StateDirectory.Resolve(), "tls"));
                var certFile = Path.Combine(directory, SelfSignedCertificate.CertificateFileName);
                var keyFile = Path.Combine(directory, SelfSignedCertificate.KeyFileName);
                if (!parseResult.GetValue(force) && (File.Exists(certFile) || File.Exists(keyFile)))
                {
                    return EstafetaCommandLine.Fatal($"{(File.Exists(keyFile) ? keyFile : certFile)} exists; use --force to replace it");
                }

                using var certificate = SelfSignedCertificate.Create(directory, name, TimeProvider.System);
                writer.WriteLine($"estafeta: created {certFile} and {keyFile} for {name}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
                writer.WriteLine("In main.cf:");
                writer.WriteLine($"    smtpd_tls_cert_file = {certFile}");
                writer.WriteLine($"    smtpd_tls_key_file = {keyFile}");
                writer.WriteLine("    smtpd_tls_security_level = may");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or ConfigException or CryptographicException)
            {
                return EstafetaCommandLine.Fatal(e.Message);
            }
        });
        return create;
    }

    private static Command BuildShow()
    {
        var file = new Argument<string>("FILE") { Description = "A PEM certificate file (the first certificate in it is shown)." };
        var show = new Command("show", "Print a certificate's subject, names, validity, key and SHA-256 fingerprint.") { file };
        show.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file) ?? string.Empty;
            try
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPemFile(path);
                if (certificates.Count == 0)
                {
                    return EstafetaCommandLine.Fatal($"{path}: no PEM certificate in the file");
                }

                parseResult.InvocationConfiguration.Output.WriteLine(SelfSignedCertificate.Describe(certificates[0]));
                foreach (var certificate in certificates)
                {
                    certificate.Dispose();
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                return EstafetaCommandLine.Fatal($"{path}: {e.Message}");
            }
        });
        return show;
    }
}
