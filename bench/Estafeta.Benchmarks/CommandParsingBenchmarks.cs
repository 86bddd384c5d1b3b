using System.Buffers;
using BenchmarkDotNet.Attributes;
using Estafeta.Smtp;

namespace Estafeta.Benchmarks;

/// <summary>One command line as Smtpd sees it: find the line in the buffered input, recognize the
/// verb, parse the path and its ESMTP parameters. None of it should allocate.</summary>
[MemoryDiagnoser]
public class CommandParsingBenchmarks
{
    private static readonly byte[] MailLine = "MAIL FROM:<alice.liddell@example.org> SIZE=5120 BODY=8BITMIME\r\n"u8.ToArray();
    private static readonly byte[] RcptLine = "RCPT TO:<bob@bench.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@bench.example\r\n"u8.ToArray();
    private ReadOnlySequence<byte> _mailInput;

    [GlobalSetup]
    public void Setup() => _mailInput = new ReadOnlySequence<byte>(MailLine);

    [Benchmark(Description = "CommandLineReader.TryRead (MAIL line)")]
    public long FindLine()
    {
        CommandLineReader.TryRead(_mailInput, 512, out var line, out _, out _, out _);
        return line.Length;
    }

    [Benchmark(Description = "ParseVerb + path + parameters (MAIL)")]
    public int ParseMail() => Parse(MailLine, "FROM:"u8);

    [Benchmark(Description = "ParseVerb + path + parameters (RCPT)")]
    public int ParseRcpt() => Parse(RcptLine, "TO:"u8);

    [Benchmark(Description = "ParseVerb only (NOOP)")]
    public SmtpVerb ParseNoop() => SmtpCommandParser.ParseVerb("NOOP"u8, out _);

    private static int Parse(byte[] input, ReadOnlySpan<byte> keyword)
    {
        var line = input.AsSpan(0, input.Length - 2);
        SmtpCommandParser.ParseVerb(line, out var argument);
        SmtpPathParser.Parse(argument, keyword, out var mailbox, out var parameters);
        var count = mailbox.Length;
        var reader = new EsmtpParameterReader(parameters);
        while (reader.TryRead(out var parameter))
        {
            count += parameter.Keyword.Length;
        }

        return count;
    }
}
