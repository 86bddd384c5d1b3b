using System.CommandLine;
using Estafeta.Auth;
using Estafeta.Host.Commands;

namespace Estafeta.IntegrationTests;

/// <summary>`estafeta tls create|show` and `estafeta passwd`, run in-process through their System.CommandLine trees.</summary>
public sealed class TlsCommandTests
{
    private static (int ExitCode, string Output) Run(Command command, params string[] arguments)
    {
        var root = new RootCommand { command };
        using var output = new StringWriter();
        var exitCode = root.Parse(arguments).Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });
        return (exitCode, output.ToString());
    }

    [Fact]
    public void Tls_create_makes_a_certificate_that_tls_show_prints_and_refuses_to_overwrite()
    {
        using var dir = new HostTestDirectory();
        var output = Path.Combine(dir.Root, "made");

        var create = Run(TlsCommand.Build(), "tls", "create", "--host", "mail.example.org", "--out", output);
        var again = Run(TlsCommand.Build(), "tls", "create", "--host", "mail.example.org", "--out", output);
        var show = Run(TlsCommand.Build(), "tls", "show", Path.Combine(output, "cert.pem"));

        Assert.Equal(0, create.ExitCode);
        Assert.Contains($"smtpd_tls_cert_file = {output}/cert.pem", create.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("subject: CN=mail.example.org", show.Output, StringComparison.Ordinal);
        Assert.Contains("names: mail.example.org, localhost", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Passwd_writes_a_sha512_crypt_line_that_checks_and_never_the_password()
    {
        using var dir = new HostTestDirectory();
        var file = Path.Combine(dir.Config, "sasl-users");

        var result = Run(PasswdCommand.Build(() => "s3cret pass"), "passwd", "ana@example.org", "--file", file);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(File.ReadAllLines(file));
        Assert.StartsWith("ana@example.org:{SHA512-CRYPT}$6$", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", line + result.Output, StringComparison.Ordinal);
        var hash = new PasswordFile(file).FindHash("ana@example.org");
        Assert.NotNull(hash);
        Assert.True(CryptHasher.Instance.Verify("s3cret pass"u8, hash));
    }

    [Fact]
    public void Passwd_refuses_an_empty_password()
    {
        using var dir = new HostTestDirectory();
        var file = Path.Combine(dir.Config, "sasl-users");

        Assert.Equal(1, Run(PasswdCommand.Build(() => null), "passwd", "ana@example.org", "--file", file).ExitCode);
        Assert.False(File.Exists(file));
    }
}
