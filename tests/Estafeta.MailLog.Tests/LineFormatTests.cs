using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog.Tests;

public sealed class LineFormatTests
{
    [Fact]
    public void Info_line_has_the_postfix_shape()
    {
        using var log = new MailLogFixture();

        log.Logger("smtpd").LogInformation("connect from localhost[127.0.0.1]");

        Assert.Equal(["Nov  3 10:43:13 mx estafeta/smtpd[4242]: connect from localhost[127.0.0.1]"], log.Lines());
    }

    [Fact]
    public void Two_digit_day_and_midnight_hours_are_padded_like_syslog()
    {
        using var log = new MailLogFixture();
        log.Time.SetUtcNow(new DateTimeOffset(2027, 1, 22, 0, 5, 9, TimeSpan.Zero));

        log.Logger("cleanup").LogInformation("3F1A2B4C5D: message-id=<a@b>");

        Assert.Equal(["Jan 22 00:05:09 mx estafeta/cleanup[4242]: 3F1A2B4C5D: message-id=<a@b>"], log.Lines());
    }

    [Fact]
    public void Local_time_zone_of_the_time_provider_is_used()
    {
        using var log = new MailLogFixture();
        log.Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2"));

        log.Logger("master").LogInformation("daemon started");

        Assert.StartsWith("Nov  3 12:43:13 mx estafeta/master[4242]: ", log.Lines()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Syslog_name_replaces_estafeta()
    {
        using var log = new MailLogFixture(o => o with { SyslogName = "postfix" });

        log.Logger("smtpd").LogInformation("disconnect from x[192.0.2.1]");

        Assert.Equal(["Nov  3 10:43:13 mx postfix/smtpd[4242]: disconnect from x[192.0.2.1]"], log.Lines());
    }

    [Fact]
    public void Control_characters_from_clients_cannot_forge_a_second_line()
    {
        using var log = new MailLogFixture();

        log.Logger("smtpd").LogInformation("helo=<evil\r\nNov  3 10:43:13 mx estafeta/smtpd[1]: forged\0>");

        var line = Assert.Single(log.Lines());
        Assert.Equal("Nov  3 10:43:13 mx estafeta/smtpd[4242]: helo=<evil??Nov  3 10:43:13 mx estafeta/smtpd[1]: forged?>", line);
    }

    [Fact]
    public void An_exception_adds_its_message_not_a_stack_trace()
    {
        using var log = new MailLogFixture();

        log.Logger("smtpd").LogWarning(new IOException("Connection reset by peer"), "read from client failed");

        Assert.Equal(["Nov  3 10:43:13 mx estafeta/smtpd[4242]: warning: read from client failed: Connection reset by peer"], log.Lines());
    }

    [Fact]
    public void Console_gets_the_same_line_as_the_file()
    {
        var console = new StringWriter();
        using var log = new MailLogFixture(o => o with { Console = console });

        log.Logger("smtpd").LogInformation("connect from localhost[127.0.0.1]");

        Assert.Equal(log.Lines()[0] + Environment.NewLine, console.ToString());
    }
}
