using System.Buffers;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Smtp.Tests;

public sealed class CommandParsingTests
{
    [Theory]
    [InlineData("MAIL FROM:<a@b>", SmtpVerb.Mail, "FROM:<a@b>")]
    [InlineData("mail from: jose@example.org", SmtpVerb.Mail, "from: jose@example.org")]
    [InlineData("  rcpt   TO:<x@y>  ", SmtpVerb.Rcpt, "TO:<x@y>")]
    [InlineData("DATA", SmtpVerb.Data, "")]
    [InlineData("data", SmtpVerb.Data, "")]
    [InlineData("EhLo client.example", SmtpVerb.Ehlo, "client.example")]
    [InlineData("HELO\tclient", SmtpVerb.Helo, "client")]
    [InlineData("BDAT 10 LAST", SmtpVerb.Bdat, "10 LAST")]
    [InlineData("QUIT", SmtpVerb.Quit, "")]
    [InlineData("STARTTLS", SmtpVerb.StartTls, "")]
    [InlineData("GET / HTTP/1.1", SmtpVerb.NonSmtp, "/ HTTP/1.1")]
    [InlineData("CONNECT host:25", SmtpVerb.NonSmtp, "host:25")]
    [InlineData("MAILX FROM:<a@b>", SmtpVerb.Unknown, "FROM:<a@b>")]
    [InlineData("", SmtpVerb.Unknown, "")]
    [InlineData("MAI", SmtpVerb.Unknown, "")]
    public void Verb_is_recognized_case_insensitively(string line, SmtpVerb expected, string argument)
    {
        var verb = SmtpCommandParser.ParseVerb(Encoding.ASCII.GetBytes(line), out var rest);
        Assert.Equal(expected, verb);
        Assert.Equal(argument, Encoding.ASCII.GetString(rest));
    }

    [Theory]
    [InlineData("FROM:<jose@example.org>", "jose@example.org", "")]
    [InlineData("FROM:jose@example.org", "jose@example.org", "")]
    [InlineData("from: jose@example.org", "jose@example.org", "")]
    [InlineData("FROM:<>", "", "")]
    [InlineData("FROM:<a@b> SIZE=100 BODY=8BITMIME", "a@b", "SIZE=100 BODY=8BITMIME")]
    [InlineData("FROM:<@relay.example,@other:user@d.example>", "user@d.example", "")]
    [InlineData("FROM:<\"john doe\"@example.org>", "\"john doe\"@example.org", "")]
    [InlineData("FROM:<\"a>b\"@example.org> SIZE=1", "\"a>b\"@example.org", "SIZE=1")]
    public void Path_is_extracted(string argument, string mailbox, string parameters)
    {
        var status = SmtpPathParser.Parse(Encoding.ASCII.GetBytes(argument), "FROM:"u8, out var box, out var rest);
        Assert.Equal(SmtpPathStatus.Ok, status);
        Assert.Equal(mailbox, Encoding.ASCII.GetString(box));
        Assert.Equal(parameters, Encoding.ASCII.GetString(rest));
    }

    [Theory]
    [InlineData("TO:<a@b>", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM:", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM:<a@b", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM:<a@b>x", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM:a<b", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM:<a b@c>", SmtpPathStatus.AddressSyntax)]
    [InlineData("FROM:<\"unterminated@c>", SmtpPathStatus.CommandSyntax)]
    [InlineData("FROM:<@route-without-colon>", SmtpPathStatus.AddressSyntax)]
    [InlineData("FROM:<a\u0001b@c>", SmtpPathStatus.AddressSyntax)]
    [InlineData("FROM:<a\u007fb@c>", SmtpPathStatus.AddressSyntax)]
    public void Bad_paths_are_refused(string argument, SmtpPathStatus expected)
    {
        var status = SmtpPathParser.Parse(Encoding.ASCII.GetBytes(argument), "FROM:"u8, out _, out _);
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Address_length_is_bounded()
    {
        var ok = "FROM:<" + new string('a', SmtpPathParser.MaxAddressLength - 2) + "@b>";
        var tooLong = "FROM:<" + new string('a', SmtpPathParser.MaxAddressLength - 1) + "@b>";
        Assert.Equal(SmtpPathStatus.Ok, SmtpPathParser.Parse(Encoding.ASCII.GetBytes(ok), "FROM:"u8, out _, out _));
        Assert.Equal(SmtpPathStatus.AddressSyntax, SmtpPathParser.Parse(Encoding.ASCII.GetBytes(tooLong), "FROM:"u8, out _, out _));
    }

    [Fact]
    public void Esmtp_parameters_are_enumerated()
    {
        var reader = new EsmtpParameterReader("SIZE=100  SMTPUTF8 ENVID=a+2Bb"u8);
        var seen = new List<string>();
        while (reader.TryRead(out var parameter))
        {
            seen.Add($"{Encoding.ASCII.GetString(parameter.Keyword)}|{parameter.HasValue}|{Encoding.ASCII.GetString(parameter.Value)}");
        }

        Assert.Equal(["SIZE|True|100", "SMTPUTF8|False|", "ENVID|True|a+2Bb"], seen);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("a+2Bb", "a+b")]
    [InlineData("a+3Db", "a=b")]
    [InlineData("rfc822+3Bx", "rfc822;x")]
    [InlineData("a+2bb", "a+b")]
    [InlineData("", "")]
    public void Xtext_decodes(string xtext, string expected) => Assert.Equal(expected, Xtext.Decode(Encoding.ASCII.GetBytes(xtext)));

    [Theory]
    [InlineData("a+2")]
    [InlineData("a+")]
    [InlineData("a+ZZ")]
    [InlineData("a=b")]
    [InlineData("a b")]
    [InlineData("a+0Db")]
    [InlineData("a+00")]
    public void Xtext_refuses_malformed_or_control_output(string xtext) => Assert.Null(Xtext.Decode(Encoding.ASCII.GetBytes(xtext)));

    [Fact]
    public void Xtext_round_trips() => Assert.Equal("a+b=c d", Xtext.Decode(Encoding.ASCII.GetBytes(Xtext.Encode("a+b=c d"))));

    [Fact]
    public void Reply_is_written_with_continuation_lines()
    {
        var buffer = new ArrayBufferWriter<byte>();
        SmtpReplyWriter.Write(buffer, new SmtpReply(250, null, "host", "PIPELINING", "CHUNKING"));
        SmtpReplyWriter.Write(buffer, new SmtpReply(250, "2.1.0", "Ok"));
        Assert.Equal("250-host\r\n250-PIPELINING\r\n250 CHUNKING\r\n250 2.1.0 Ok\r\n", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Reply_writer_matches_SmtpReply_ToWire()
    {
        var reply = new SmtpReply(554, "5.7.1", "<x@y>: Relay access denied");
        var buffer = new ArrayBufferWriter<byte>();
        SmtpReplyWriter.Write(buffer, reply);
        Assert.Equal(reply.ToWire(), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("NOOP\r\n", CommandLineStatus.Line, "NOOP", true)]
    [InlineData("NOOP\n", CommandLineStatus.Line, "NOOP", false)]
    [InlineData("NOOP\r", CommandLineStatus.NeedMoreInput, "", true)]
    [InlineData("NO\rOP\r\n", CommandLineStatus.Line, "NO\rOP", true)]
    [InlineData("NOOP", CommandLineStatus.NeedMoreInput, "", true)]
    public void Command_lines_end_at_LF_only(string input, CommandLineStatus expected, string line, bool crlf)
    {
        var status = CommandLineReader.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input)), 100, out var text, out _, out var endedWithCrlf, out _);
        Assert.Equal(expected, status);
        if (status == CommandLineStatus.Line)
        {
            Assert.Equal(line, Encoding.ASCII.GetString(text.ToArray()));
            Assert.Equal(crlf, endedWithCrlf);
        }
    }

    [Fact]
    public void Command_line_limit_is_exact()
    {
        var atLimit = new string('a', 10) + "\r\n";
        var over = new string('a', 11) + "\r\n";
        Assert.Equal(CommandLineStatus.Line, CommandLineReader.TryRead(Seq(atLimit), 10, out _, out _, out _, out _));
        var overSequence = Seq(over + "NEXT");
        Assert.Equal(CommandLineStatus.TooLong, CommandLineReader.TryRead(overSequence, 10, out _, out var consumed, out _, out var seen));
        Assert.True(seen);
        Assert.Equal(over.Length, overSequence.Slice(0, consumed).Length);

        // Without a line end: 10 bytes plus a possible CR still fit, 12 cannot.
        Assert.Equal(CommandLineStatus.NeedMoreInput, CommandLineReader.TryRead(Seq(new string('a', 10) + "\r"), 10, out _, out _, out _, out _));
        Assert.Equal(CommandLineStatus.TooLong, CommandLineReader.TryRead(Seq(new string('a', 12)), 10, out _, out _, out _, out var endSeen));
        Assert.False(endSeen);
    }

    private static ReadOnlySequence<byte> Seq(string text) => new(Encoding.ASCII.GetBytes(text));
}
