// An SMTP reply as a value: code, enhanced status code, text lines.
// Trusts: nothing; it is built by our own code. Must never: carry CR or LF inside a text line
// (that would let a caller inject a second reply), so the constructor refuses them.
namespace Estafeta.Core;

/// <summary>An SMTP reply (RFC 5321 §4.2) with an optional RFC 3463 enhanced status code.</summary>
public sealed record SmtpReply
{
    public SmtpReply(int code, string? enhancedStatus, params string[] lines)
    {
        if (code is < 200 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "SMTP reply codes are 2xx to 5xx");
        }

        if (lines.Length == 0)
        {
            lines = [string.Empty];
        }

        foreach (var line in lines)
        {
            if (line.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException("a reply line must not contain CR or LF", nameof(lines));
            }
        }

        Code = code;
        EnhancedStatus = enhancedStatus;
        Lines = lines;
    }

    public int Code { get; }

    /// <summary>Like "2.1.0"; null for replies that carry none (220 greeting, HELO, 354).</summary>
    public string? EnhancedStatus { get; }

    public IReadOnlyList<string> Lines { get; }

    public bool IsPositive => Code < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    public bool IsPermanentFailure => Code >= 500;

    /// <summary>The first line as Postfix logs it: "550 5.1.1 text".</summary>
    public string Summary => EnhancedStatus is null ? $"{Code} {Lines[0]}" : $"{Code} {EnhancedStatus} {Lines[0]}";

    /// <summary>The reply as it goes on the wire, every line ending in CRLF.</summary>
    public string ToWire()
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            builder.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (EnhancedStatus is not null)
            {
                builder.Append(EnhancedStatus).Append(' ');
            }

            builder.Append(Lines[i]).Append("\r\n");
        }

        return builder.ToString();
    }

    public override string ToString() => Summary;
}
