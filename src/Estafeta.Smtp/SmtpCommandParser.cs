// Splits one SMTP command line (already bounded, line ending removed) into verb and argument.
// Trusts: nothing in the line. Must never: allocate or throw on any byte sequence.
using System.Text;

namespace Estafeta.Smtp;

/// <summary>Recognizes the verb of a command line case-insensitively, without allocating.</summary>
public static class SmtpCommandParser
{
    /// <summary>Returns the verb; <paramref name="argument"/> is the rest of the line with surrounding blanks removed.</summary>
    public static SmtpVerb ParseVerb(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> argument)
    {
        line = TrimBlanks(line);
        var end = line.IndexOfAny((byte)' ', (byte)'\t');
        var verb = end < 0 ? line : line[..end];
        argument = end < 0 ? default : TrimBlanks(line[(end + 1)..]);
        return Recognize(verb);
    }

    public static SmtpVerb Recognize(ReadOnlySpan<byte> verb) => verb.Length switch
    {
        3 when Ascii.EqualsIgnoreCase(verb, "GET"u8) => SmtpVerb.NonSmtp,
        4 when Ascii.EqualsIgnoreCase(verb, "MAIL"u8) => SmtpVerb.Mail,
        4 when Ascii.EqualsIgnoreCase(verb, "RCPT"u8) => SmtpVerb.Rcpt,
        4 when Ascii.EqualsIgnoreCase(verb, "DATA"u8) => SmtpVerb.Data,
        4 when Ascii.EqualsIgnoreCase(verb, "EHLO"u8) => SmtpVerb.Ehlo,
        4 when Ascii.EqualsIgnoreCase(verb, "HELO"u8) => SmtpVerb.Helo,
        4 when Ascii.EqualsIgnoreCase(verb, "BDAT"u8) => SmtpVerb.Bdat,
        4 when Ascii.EqualsIgnoreCase(verb, "RSET"u8) => SmtpVerb.Rset,
        4 when Ascii.EqualsIgnoreCase(verb, "NOOP"u8) => SmtpVerb.Noop,
        4 when Ascii.EqualsIgnoreCase(verb, "QUIT"u8) => SmtpVerb.Quit,
        4 when Ascii.EqualsIgnoreCase(verb, "VRFY"u8) => SmtpVerb.Vrfy,
        4 when Ascii.EqualsIgnoreCase(verb, "EXPN"u8) => SmtpVerb.Expn,
        4 when Ascii.EqualsIgnoreCase(verb, "HELP"u8) => SmtpVerb.Help,
        4 when Ascii.EqualsIgnoreCase(verb, "AUTH"u8) => SmtpVerb.Auth,
        4 when Ascii.EqualsIgnoreCase(verb, "ETRN"u8) => SmtpVerb.Etrn,
        4 when Ascii.EqualsIgnoreCase(verb, "POST"u8) => SmtpVerb.NonSmtp,
        7 when Ascii.EqualsIgnoreCase(verb, "CONNECT"u8) => SmtpVerb.NonSmtp,
        8 when Ascii.EqualsIgnoreCase(verb, "STARTTLS"u8) => SmtpVerb.StartTls,
        _ => SmtpVerb.Unknown,
    };

    /// <summary>The upper-case name Postfix uses for a verb in logs and counters ("MAIL", "RCPT", ...).</summary>
    public static string Name(SmtpVerb verb) => verb switch
    {
        SmtpVerb.Helo => "HELO",
        SmtpVerb.Ehlo => "EHLO",
        SmtpVerb.Mail => "MAIL",
        SmtpVerb.Rcpt => "RCPT",
        SmtpVerb.Data => "DATA",
        SmtpVerb.Bdat => "BDAT",
        SmtpVerb.Rset => "RSET",
        SmtpVerb.Noop => "NOOP",
        SmtpVerb.Vrfy => "VRFY",
        SmtpVerb.Expn => "EXPN",
        SmtpVerb.Help => "HELP",
        SmtpVerb.Quit => "QUIT",
        SmtpVerb.StartTls => "STARTTLS",
        SmtpVerb.Auth => "AUTH",
        SmtpVerb.Etrn => "ETRN",
        _ => "UNKNOWN",
    };

    public static ReadOnlySpan<byte> TrimBlanks(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        var end = text.Length;
        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return text[start..end];
    }
}
