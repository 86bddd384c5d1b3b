using System.IO.Pipelines;

namespace Estafeta.Smtpd;

/// <summary>How a session reads its connection. A session waiting for the client holds no buffer (a zero-byte read
/// waits for data first: 500 idle sessions cost tens of KB each, not 32 KB more); once data is there it is read up
/// to 32 KiB at a time, so a 100 KB message takes a handful of reads, not 25.</summary>
internal static class SessionPipeOptions
{
    public static readonly StreamPipeReaderOptions Reader = new(bufferSize: 32 * 1024, minimumReadSize: 4096, leaveOpen: true, useZeroByteReads: true);

    public static readonly StreamPipeWriterOptions Writer = new(leaveOpen: true);
}
