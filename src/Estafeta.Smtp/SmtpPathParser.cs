// Parses the argument of MAIL and RCPT: "FROM:<path> params" (also "from: addr" without brackets,
// as Postfix accepts unless strict_rfc821_envelopes). Trusts: nothing. Must never: accept CR, LF,
// NUL or other control characters inside an address, or an address longer than MaxAddressLength.
using System.Text;

namespace Estafeta.Smtp;

/// <summary>Why a MAIL/RCPT argument was not accepted.</summary>
public enum SmtpPathStatus
{
    Ok,

    /// <summary>The "FROM:"/"TO:" keyword or the path's brackets are malformed (501 5.5.4 Syntax: ...).</summary>
    CommandSyntax,

    /// <summary>The address itself is malformed (501 5.1.7 / 5.1.3 Bad ... address syntax).</summary>
    AddressSyntax,
}

/// <summary>MAIL FROM / RCPT TO argument parsing over bytes.</summary>
public static class SmtpPathParser
{
    /// <summary>Longer addresses are refused (RFC 5321 §4.5.3.1.3 allows 256 octets for a path with its brackets).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>Splits "KEYWORD&lt;path&gt; params" into the mailbox (source route removed, no brackets) and the parameter text.</summary>
    /// <param name="argument">The command argument, e.g. "FROM:&lt;a@b&gt; SIZE=10".</param>
    /// <param name="keyword">"FROM:" or "TO:" (matched case-insensitively).</param>
    public static SmtpPathStatus Parse(ReadOnlySpan<byte> argument, ReadOnlySpan<byte> keyword, out ReadOnlySpan<byte> mailbox, out ReadOnlySpan<byte> parameters)
    {
        mailbox = default;
        parameters = default;
        if (argument.Length < keyword.Length || !Ascii.EqualsIgnoreCase(argument[..keyword.Length], keyword))
        {
            return SmtpPathStatus.CommandSyntax;
        }

        var rest = SmtpCommandParser.TrimBlanks(argument[keyword.Length..]);
        if (rest.IsEmpty)
        {
            return SmtpPathStatus.CommandSyntax;
        }

        ReadOnlySpan<byte> path;
        if (rest[0] == (byte)'<')
        {
            var close = FindClosingBracket(rest);
            if (close < 0)
            {
                return SmtpPathStatus.CommandSyntax;
            }

            path = rest[1..close];
            rest = rest[(close + 1)..];
            if (!rest.IsEmpty && rest[0] is not ((byte)' ' or (byte)'\t'))
            {
                return SmtpPathStatus.CommandSyntax;
            }
        }
        else
        {
            var end = rest.IndexOfAny((byte)' ', (byte)'\t');
            path = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[end..];
            if (path.IndexOfAny((byte)'<', (byte)'>') >= 0)
            {
                return SmtpPathStatus.CommandSyntax;
            }
        }

        parameters = SmtpCommandParser.TrimBlanks(rest);
        return ValidateMailbox(path, out mailbox) ? SmtpPathStatus.Ok : SmtpPathStatus.AddressSyntax;
    }

    /// <summary>Removes a source route ("@a,@b:user@d" → "user@d", RFC 5321 §3.6.1) and checks the characters.</summary>
    public static bool ValidateMailbox(ReadOnlySpan<byte> path, out ReadOnlySpan<byte> mailbox)
    {
        mailbox = path;
        if (!path.IsEmpty && path[0] == (byte)'@')
        {
            var colon = path.IndexOf((byte)':');
            if (colon < 0)
            {
                return false;
            }

            mailbox = path[(colon + 1)..];
            if (mailbox.IsEmpty)
            {
                return false;
            }
        }

        if (mailbox.Length > MaxAddressLength)
        {
            return false;
        }

        var inQuotes = false;
        for (var i = 0; i < mailbox.Length; i++)
        {
            var b = mailbox[i];
            if (b < 0x20 || b == 0x7F)
            {
                return false;
            }

            if (b == (byte)'\\' && inQuotes)
            {
                i++;
                if (i >= mailbox.Length || mailbox[i] < 0x20 || mailbox[i] == 0x7F)
                {
                    return false;
                }
            }
            else if (b == (byte)'"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && b is (byte)' ' or (byte)'\t' or (byte)'<' or (byte)'>')
            {
                return false;
            }
        }

        return !inQuotes;
    }

    private static int FindClosingBracket(ReadOnlySpan<byte> text)
    {
        var inQuotes = false;
        for (var i = 1; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'\\' && inQuotes)
            {
                i++;
            }
            else if (b == (byte)'"')
            {
                inQuotes = !inQuotes;
            }
            else if (b == (byte)'>' && !inQuotes)
            {
                return i;
            }
        }

        return -1;
    }
}
