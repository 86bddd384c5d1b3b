namespace Estafeta.Delivery.Smtp.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("example.net", "example.net", null, true)]
    [InlineData("[mail.example.net]", "mail.example.net", null, false)]
    [InlineData("[smtp.provider.example]:587", "smtp.provider.example", 587, false)]
    [InlineData("relay.example.net:2525", "relay.example.net", 2525, true)]
    [InlineData("[10.1.2.3]:2525", "10.1.2.3", 2525, false)]
    [InlineData("[::1]:25", "::1", 25, false)]
    public void ParsesNexthopsAsPostfixWritesThem(string text, string host, int? port, bool lookupMx)
    {
        Assert.True(SmtpNexthop.TryParse(text, out var nexthop));
        Assert.Equal((host, port, lookupMx, text), (nexthop.Host, nexthop.Port, nexthop.LookupMx, nexthop.Text));
    }

    [Theory]
    [InlineData("[host]:notaport")]
    [InlineData("[host]x")]
    [InlineData("host:70000")]
    [InlineData("")]
    public void RefusesMalformedNexthops(string text) => Assert.False(SmtpNexthop.TryParse(text, out _));

    [Theory]
    [InlineData(550, "550 5.1.1 no such user", "5.1.1")]
    [InlineData(550, "550 no such user", "5.0.0")]
    [InlineData(451, "451 5.1.1 class mismatch", "4.0.0")]
    [InlineData(250, "250 2.0.0 Ok: queued as ABC", "2.0.0")]
    [InlineData(421, "421 4.7.0 Try again", "4.7.0")]
    public void TakesTheEnhancedCodeOnlyWhenItsClassMatches(int code, string line, string dsn) =>
        Assert.Equal(dsn, new SmtpClientReply(code, [line]).Dsn);

    [Fact]
    public void JoinsAMultilineReplyAsPostfixLogsIt()
    {
        var reply = new SmtpClientReply(550, ["550-5.7.1 first", "550 5.7.1 second"]);
        Assert.Equal("550-5.7.1 first 550 5.7.1 second", reply.Text);
        Assert.Equal("5.7.1", reply.Dsn);
    }

    [Fact]
    public void ReadsEhloCapabilities()
    {
        var capabilities = EhloCapabilities.Parse(new SmtpClientReply(250,
            ["250-mx.example.net", "250-PIPELINING", "250-SIZE 10240000", "250-8BITMIME", "250-AUTH=LOGIN", "250-AUTH PLAIN LOGIN", "250-STARTTLS", "250-DSN", "250 SMTPUTF8"]));
        Assert.True(capabilities.Pipelining && capabilities.Size && capabilities.EightBitMime && capabilities.StartTls && capabilities.Dsn && capabilities.SmtpUtf8);
        Assert.Equal(10240000, capabilities.SizeLimit);
        Assert.Equal(["LOGIN", "PLAIN"], capabilities.AuthMechanisms.Order());
    }

    [Fact]
    public void CredentialsNeverPrintThePassword() =>
        Assert.DoesNotContain("hunter2", new SaslCredentials("jose", "hunter2").ToString(), StringComparison.Ordinal);
}
