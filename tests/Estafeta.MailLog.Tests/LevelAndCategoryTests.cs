using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog.Tests;

public sealed class LevelAndCategoryTests
{
    [Theory]
    [InlineData(LogLevel.Warning, "warning: ")]
    [InlineData(LogLevel.Error, "error: ")]
    [InlineData(LogLevel.Critical, "fatal: ")]
    [InlineData(LogLevel.Information, "")]
    public void Levels_get_the_postfix_prefix(LogLevel level, string prefix)
    {
        using var log = new MailLogFixture();

        log.Logger("smtpd").Log(level, "something happened");

        Assert.Equal(["Nov  3 10:43:13 mx estafeta/smtpd[4242]: " + prefix + "something happened"], log.Lines());
    }

    [Fact]
    public void Debug_and_trace_are_off_by_default()
    {
        using var log = new MailLogFixture();
        var logger = log.Logger("smtpd");

        logger.LogDebug("debug line");
        logger.LogTrace("trace line");
        logger.LogInformation("info line");

        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.Equal(["Nov  3 10:43:13 mx estafeta/smtpd[4242]: info line"], log.Lines());
    }

    [Fact]
    public void Debug_is_written_when_enabled()
    {
        using var log = new MailLogFixture(o => o with { MinimumLevel = LogLevel.Debug });

        log.Logger("smtpd").LogDebug("< localhost[127.0.0.1]: EHLO x");

        Assert.Equal(["Nov  3 10:43:13 mx estafeta/smtpd[4242]: < localhost[127.0.0.1]: EHLO x"], log.Lines());
    }

    [Theory]
    [InlineData("smtpd", "smtpd")]
    [InlineData("Estafeta.Smtpd.SmtpSession", "smtpsession")]
    [InlineData("master", "master")]
    public void Category_becomes_the_component(string category, string component)
    {
        using var log = new MailLogFixture();

        log.Logger(category).LogInformation("x");

        Assert.Equal([$"Nov  3 10:43:13 mx estafeta/{component}[4242]: x"], log.Lines());
    }

    [Fact]
    public void Framework_information_stays_out_but_its_warnings_get_in()
    {
        using var log = new MailLogFixture();
        var logger = log.Logger("Microsoft.Hosting.Lifetime");

        logger.LogInformation("Application started. Press Ctrl+C to shut down.");
        logger.LogWarning("something odd");

        Assert.Equal(["Nov  3 10:43:13 mx estafeta/lifetime[4242]: warning: something odd"], log.Lines());
    }
}
