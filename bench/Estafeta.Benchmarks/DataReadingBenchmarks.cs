using System.Text;
using BenchmarkDotNet.Attributes;
using Estafeta.Smtp;

namespace Estafeta.Benchmarks;

/// <summary>DATA as it comes off the socket (4 KiB reads, lines split across reads, some dot-stuffed):
/// split into lines, unstuff, count the size, find the end. Allocation must not grow with the lines.</summary>
[MemoryDiagnoser]
public class DataReadingBenchmarks
{
    private const int ReadSize = 4096;
    private byte[] _data = [];
    private DataLineReader _reader = new();

    [Params(5 * 1024, 100 * 1024)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        text.Append("From: <alice@example.org>\r\nTo: <bob@bench.example>\r\nSubject: benchmark\r\n\r\n");
        var n = 0;
        while (text.Length < MessageBytes)
        {
            // Every tenth line starts with a dot (stuffed on the wire as "..").
            text.Append(n++ % 10 == 0 ? "..a line that starts with a dot, stuffed by the client\r\n" : "La de da de da. La de da de da. La de da de da. La de da de da.\r\n");
        }

        text.Append(".\r\n");
        _data = Encoding.ASCII.GetBytes(text.ToString());
        _reader = new DataLineReader();
    }

    [Benchmark(Description = "DataLineReader: whole message in 4 KiB reads")]
    public long ReadMessage()
    {
        _reader.Reset(dotStuffed: true);
        long lines = 0;
        for (var offset = 0; offset < _data.Length; offset += ReadSize)
        {
            ReadOnlySpan<byte> input = _data.AsSpan(offset, Math.Min(ReadSize, _data.Length - offset));
            while (true)
            {
                var status = _reader.Read(ref input, out var line);
                if (status == DataLineStatus.NeedMoreInput)
                {
                    break;
                }

                if (status == DataLineStatus.EndOfData)
                {
                    return lines + _reader.Size;
                }

                lines += line.Length > 0 ? 1 : 0;
            }
        }

        throw new InvalidOperationException("no end of data");
    }
}
