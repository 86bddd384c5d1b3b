using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog.Tests;

public sealed class FileSinkTests
{
    [Fact]
    public void Lines_are_appended_to_an_existing_file()
    {
        using var log = new MailLogFixture(o =>
        {
            File.WriteAllText(o.FilePath!, "older line\n");
            return o;
        });

        log.Logger("smtpd").LogInformation("first");
        log.Logger("smtpd").LogInformation("second");

        Assert.Equal(
            ["older line", "Nov  3 10:43:13 mx estafeta/smtpd[4242]: first", "Nov  3 10:43:13 mx estafeta/smtpd[4242]: second"],
            log.Lines());
    }

    [Fact]
    public void Each_line_is_on_disk_as_soon_as_it_is_logged()
    {
        using var log = new MailLogFixture();

        log.Logger("smtpd").LogInformation("visible now");

        // Read through a second handle while the provider still holds the file open.
        using var reader = new StreamReader(new FileStream(log.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal("Nov  3 10:43:13 mx estafeta/smtpd[4242]: visible now", reader.ReadLine());
    }

    [Fact]
    public void Concurrent_writers_never_interleave_within_a_line()
    {
        using var log = new MailLogFixture();
        const int Writers = 8;
        const int LinesEach = 400;
        var padding = new string('x', 300);

        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, writer =>
        {
            var logger = log.Logger("smtpd");
            for (var i = 0; i < LinesEach; i++)
            {
                logger.LogInformation("writer {Writer} line {Line} {Padding}", writer, i, padding);
            }
        });

        var lines = log.Lines();
        Assert.Equal(Writers * LinesEach, lines.Length);
        var shape = new Regex(@"^Nov  3 10:43:13 mx estafeta/smtpd\[4242\]: writer (\d) line (\d+) x{300}$");
        var seen = new HashSet<string>();
        foreach (var line in lines)
        {
            var match = shape.Match(line);
            Assert.True(match.Success, line);
            Assert.True(seen.Add(match.Groups[1].Value + "/" + match.Groups[2].Value), "duplicate: " + line);
        }
    }

    [Fact]
    public void Two_providers_on_one_file_both_append()
    {
        using var log = new MailLogFixture();
        using var second = new MailLogProvider(log.Provider.Options with { ProcessId = 7 }, log.Time);

        log.Logger("smtpd").LogInformation("from the daemon");
        second.CreateLogger("sendmail").LogInformation("from a command");
        log.Logger("smtpd").LogInformation("daemon again");

        Assert.Equal(
            [
                "Nov  3 10:43:13 mx estafeta/smtpd[4242]: from the daemon",
                "Nov  3 10:43:13 mx estafeta/sendmail[7]: from a command",
                "Nov  3 10:43:13 mx estafeta/smtpd[4242]: daemon again",
            ],
            log.Lines());
    }

    [Fact]
    public void Reopen_after_rotation_writes_to_the_new_file()
    {
        using var log = new MailLogFixture();
        var rotated = log.Directory.File("mail.log.1");

        log.Logger("smtpd").LogInformation("before rotation");
        File.Move(log.LogPath, rotated);
        log.Logger("smtpd").LogInformation("still the old file");
        log.Provider.Reopen();
        log.Logger("smtpd").LogInformation("after rotation");

        Assert.Equal(
            ["Nov  3 10:43:13 mx estafeta/smtpd[4242]: before rotation", "Nov  3 10:43:13 mx estafeta/smtpd[4242]: still the old file"],
            File.ReadAllLines(rotated));
        Assert.Equal(["Nov  3 10:43:13 mx estafeta/smtpd[4242]: after rotation"], log.Lines());
    }

    [Fact]
    public void Reconfigure_switches_syslog_name_for_later_lines()
    {
        using var log = new MailLogFixture();

        log.Logger("master").LogInformation("before");
        log.Provider.Reconfigure(log.Provider.Options with { SyslogName = "postfix" });
        log.Logger("master").LogInformation("after");

        Assert.Equal(
            ["Nov  3 10:43:13 mx estafeta/master[4242]: before", "Nov  3 10:43:13 mx postfix/master[4242]: after"],
            log.Lines());
    }

    [Fact]
    public void Reconfigure_to_an_unwritable_file_keeps_the_old_log()
    {
        using var log = new MailLogFixture();
        var bad = log.Provider.Options with { FilePath = log.Directory.File("missing-dir/mail.log") };

        Assert.Throws<IOException>(() => log.Provider.Reconfigure(bad));
        log.Logger("master").LogInformation("still logging");

        Assert.Equal(["Nov  3 10:43:13 mx estafeta/master[4242]: still logging"], log.Lines());
        Assert.Equal(log.LogPath, log.Provider.Destination);
    }
}
