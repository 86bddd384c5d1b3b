// Formats SMTP replies straight into an output buffer (no intermediate strings).
// Trusts: SmtpReply, which refuses CR/LF inside a line. Must never: emit a line without CRLF.
using System.Buffers;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Smtp;

public static class SmtpReplyWriter
{
    /// <summary>Writes every line of the reply ("250-..." continuation lines, "250 ..." last), each ending in CRLF.</summary>
    public static void Write(IBufferWriter<byte> output, SmtpReply reply)
    {
        for (var i = 0; i < reply.Lines.Count; i++)
        {
            WriteLine(output, reply.Code, reply.EnhancedStatus, reply.Lines[i], i == reply.Lines.Count - 1);
        }
    }

    public static void WriteLine(IBufferWriter<byte> output, int code, string? enhancedStatus, string text, bool last)
    {
        var length = 4 + (enhancedStatus is null ? 0 : enhancedStatus.Length + 1) + Encoding.UTF8.GetByteCount(text) + 2;
        var span = output.GetSpan(length);
        span[0] = (byte)('0' + (code / 100));
        span[1] = (byte)('0' + (code / 10 % 10));
        span[2] = (byte)('0' + (code % 10));
        span[3] = last ? (byte)' ' : (byte)'-';
        var at = 4;
        if (enhancedStatus is not null)
        {
            at += Encoding.ASCII.GetBytes(enhancedStatus, span[at..]);
            span[at++] = (byte)' ';
        }

        at += Encoding.UTF8.GetBytes(text, span[at..]);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        output.Advance(at);
    }
}
