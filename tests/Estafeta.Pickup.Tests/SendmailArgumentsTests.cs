using Estafeta.Core;

namespace Estafeta.Pickup.Tests;

public sealed class SendmailArgumentsTests
{
    [Theory]
    [InlineData("sendmail", "a@b", "Enqueue", true, false, "a@b")]
    [InlineData("sendmail", "-i a@b", "Enqueue", false, false, "a@b")]
    [InlineData("sendmail", "-oi -t", "Enqueue", false, true, "")]
    [InlineData("sendmail", "-ti -- -notanoption@b", "Enqueue", false, true, "-notanoption@b")]
    [InlineData("sendmail", "-oem -oee -odi -odb -oQ/tmp -om -v -U -G a@b", "Enqueue", true, false, "a@b")]
    [InlineData("sendmail", "-bm -L tag -h 17 a@b c@d", "Enqueue", true, false, "a@b c@d")]
    [InlineData("sendmail", "-bp", "ShowQueue", true, false, "")]
    [InlineData("mailq", "", "ShowQueue", true, false, "")]
    [InlineData("newaliases", "", "NewAliases", true, false, "")]
    [InlineData("sendmail", "-bi", "NewAliases", true, false, "")]
    [InlineData("sendmail", "-I", "NewAliases", true, false, "")]
    [InlineData("sendmail", "-q", "FlushQueue", true, false, "")]
    [InlineData("sendmail", "-bs", "StandAloneSmtp", true, false, "")]
    [InlineData("sendmail", "-bh", "Ignore", true, false, "")]
    [InlineData("sendmail", "a@b -t", "Enqueue", true, false, "a@b -t")]
    public void Modes_and_flags_as_postfix_reads_them(string program, string line, string mode, bool dotEnds, bool extract, string recipients)
    {
        var options = SendmailArguments.Parse(program, Split(line));

        Assert.Equal(mode, options.Mode.ToString());
        Assert.Equal(dotEnds, options.DotEndsMessage);
        Assert.Equal(extract, options.ExtractRecipients);
        Assert.Equal(Split(recipients), options.Recipients);
    }

    [Fact]
    public void Options_with_values_take_the_rest_of_the_word_or_the_next_word()
    {
        var options = SendmailArguments.Parse("sendmail", ["-falumno@example.org", "-F", "Alumno Uno", "-N", "success,delay", "-V", "env-1", "-B", "8BITMIME", "-C", "/etc/estafeta", "x@y"]);

        Assert.Equal("alumno@example.org", options.Sender);
        Assert.Equal("Alumno Uno", options.FullName);
        Assert.Equal(DsnNotify.Success | DsnNotify.Delay, options.Notify);
        Assert.Equal("env-1", options.EnvelopeId);
        Assert.Equal(BodyType.EightBitMime, options.Body);
        Assert.Equal("/etc/estafeta", options.ConfigDirectory);
        Assert.Equal(["x@y"], options.Recipients);
    }

    [Fact]
    public void R_is_the_old_spelling_of_f_and_bv_asks_for_verification()
    {
        Assert.Equal("old@example.org", SendmailArguments.Parse("sendmail", ["-r", "old@example.org", "a@b"]).Sender);
        Assert.True(SendmailArguments.Parse("sendmail", ["-bv", "a@b"]).Verify);
    }

    [Fact]
    public void A_bad_N_value_is_a_warning_not_an_error()
    {
        var options = SendmailArguments.Parse("sendmail", ["-N", "never,success", "a@b"]);

        Assert.Equal(DsnNotify.Unspecified, options.Notify);
        Assert.Equal(["bad -N option value -- ignored"], options.Warnings);
    }

    [Theory]
    [InlineData("-z a@b", "usage: sendmail [options]")]
    [InlineData("-f", "usage: sendmail [options]")]
    [InlineData("-n a@b", "-n option not supported")]
    [InlineData("-bz", "unsupported: -bz")]
    [InlineData("-B 9BIT a@b", "-B option needs 8BITMIME or 7BIT")]
    [InlineData("-bp -t", "-t can be used only in delivery mode")]
    [InlineData("-bv -t", "-t option cannot be used with -bv")]
    [InlineData("-qX", "-qX is not implemented")]
    [InlineData("-oA", "-oA requires pathname")]
    public void Usage_errors_have_postfix_texts_and_EX_USAGE(string line, string message)
    {
        var error = Assert.Throws<SendmailFatalException>(() => SendmailArguments.Parse("sendmail", Split(line)));

        Assert.Equal(message, error.Message);
        Assert.Equal(SysExits.Usage, error.ExitCode);
    }

    [Theory]
    [InlineData("-C /etc/estafeta a@b", "/etc/estafeta")]
    [InlineData("-C/srv/mail/main.cf -t", "/srv/mail")]
    [InlineData("-t", null)]
    public void The_host_finds_the_configuration_directory_before_the_run(string line, string? expected) =>
        Assert.Equal(expected, SendmailProgram.FindConfigDirectory(Split(line)));

    [Theory]
    [InlineData("a@b", "a@b")]
    [InlineData("Alumno Uno <alumno@example.org>", "alumno@example.org")]
    [InlineData("\"Uno, Alumno\" <alumno@example.org>, root", "alumno@example.org|root")]
    [InlineData("a@b (the boss), c@d", "a@b|c@d")]
    [InlineData("team: x@y, z@w;", "x@y|z@w")]
    [InlineData("<@relay.example:user@example.org>", "user@example.org")]
    [InlineData("<>", "")]
    public void Address_lists_as_tok822_reads_them(string text, string expected) =>
        Assert.Equal(expected.Split('|'), AddressList.Parse(text));

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
