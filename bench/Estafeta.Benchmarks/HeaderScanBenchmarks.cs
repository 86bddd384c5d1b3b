using System.Text;
using BenchmarkDotNet.Attributes;
using Estafeta.Cleanup;
using Estafeta.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Benchmarks;

/// <summary>Cleanup's header scanning, through its public entry point: the same header block written
/// raw to a queue file (the baseline) and through CleanupService (which recognizes each header,
/// counts Received:, drops Bcc:, keeps Message-ID:, adds the missing ones). Neither commits, so the
/// difference is the scanning; with 20 lines it drowns in the file's create and unlink, so the large
/// block shows the per-line cost. A direct benchmark of HeaderLine needs InternalsVisibleTo.</summary>
[MemoryDiagnoser]
public class HeaderScanBenchmarks
{
    private static readonly string[] HeaderText =
    [
        "Received: from mail.example.org (mail.example.org [192.0.2.10])",
        "\tby mx.bench.example (Postfix) with ESMTPS id 4XyZ1A2b3C",
        "\tfor <bob@bench.example>; Mon, 30 Nov 2026 23:55:04 +0000 (UTC)",
        "Received: from [10.0.0.5] (client.example.org [198.51.100.7])",
        "\tby mail.example.org with ESMTPSA id 1b2c3d4e5f",
        "\tfor <bob@bench.example>; Mon, 30 Nov 2026 23:55:03 +0000",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=2026;",
        "\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;",
        "\tb=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR",
        "From: Alice Liddell <alice@example.org>",
        "To: Bob <bob@bench.example>",
        "Bcc: carol@bench.example",
        "Subject: =?UTF-8?Q?Quarterly_report_=E2=80=94_draft?=",
        "Date: Mon, 30 Nov 2026 23:55:00 +0000",
        "Message-ID: <20261130235500.12345@mail.example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
    ];

    private readonly List<byte[]> _lines = [];
    private TemporaryQueue? _queue;
    private CleanupService? _cleanup;

    /// <summary>Header lines in the block (the 18-line template repeated), then the empty line and one body line.</summary>
    [Params(18, 1800)]
    public int HeaderLines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < HeaderLines; i++)
        {
            _lines.Add(Encoding.UTF8.GetBytes(HeaderText[i % HeaderText.Length]));
        }

        _lines.Add([]);
        _lines.Add("The first line of the body."u8.ToArray());
        _queue = new TemporaryQueue();
        _cleanup = new CleanupService(_queue.Store, new CleanupSettings { MyHostname = "mx.bench.example" }, TimeProvider.System, NullLoggerFactory.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => _queue?.Dispose();

    [Benchmark(Baseline = true, Description = "raw header block to a queue file")]
    public long RawToQueueFile()
    {
        var store = _queue!.Store;
        using var file = store.Create(store.NewQueueId(), DateTimeOffset.UnixEpoch, TemporaryQueue.Client, TemporaryQueue.Envelope, 2048);
        foreach (var line in _lines)
        {
            file.WriteLine(line);
        }

        return file.ContentSize;
    }

    [Benchmark(Description = "the same through Cleanup (header scan)")]
    public async Task<long> ThroughCleanup()
    {
        await using var writer = _cleanup!.Begin(_cleanup.NewQueueId(), TemporaryQueue.Client, TemporaryQueue.Envelope);
        foreach (var line in _lines)
        {
            writer.AppendLine(line);
        }

        return writer.Size;
    }
}
