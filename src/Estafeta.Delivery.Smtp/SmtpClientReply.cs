namespace Estafeta.Delivery.Smtp;

/// <summary>A reply read from a server: its code, its lines as received and the enhanced status code.</summary>
internal sealed record SmtpClientReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The enhanced status code of the first line when its class matches the reply's ("5.1.1"),
    /// else the class with ".0.0", as Postfix's smtp_chat_resp does.</summary>
    public string Dsn { get; } = FindDsn(Code, Lines);

    /// <summary>The whole reply as Postfix logs it: every line with its "550-"/"550 " prefix, joined with a space.</summary>
    public string Text => string.Join(' ', Lines);

    /// <summary>The text after the code of each line (EHLO keywords).</summary>
    public IEnumerable<string> Bodies => Lines.Select(line => line.Length > 4 ? line[4..] : string.Empty);

    public bool IsPositive => Code is >= 200 and < 400;

    private static string FindDsn(int code, IReadOnlyList<string> lines)
    {
        var first = lines.Count > 0 && lines[0].Length > 4 ? lines[0].AsSpan(4) : [];
        var end = first.IndexOf(' ');
        var candidate = end < 0 ? first : first[..end];
        var classDigit = (char)('0' + (code / 100));
        if (IsEnhancedCode(candidate) && candidate[0] == classDigit)
        {
            return candidate.ToString();
        }

        return $"{classDigit}.0.0";
    }

    private static bool IsEnhancedCode(ReadOnlySpan<char> text)
    {
        // class "." subject(1-3 digits) "." detail(1-3 digits), RFC 3463.
        if (text.Length < 5 || text[1] != '.' || text[0] is not ('2' or '4' or '5'))
        {
            return false;
        }

        var parts = text[2..].ToString().Split('.');
        return parts.Length == 2 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
