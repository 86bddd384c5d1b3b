// MAIL FROM / RCPT TO argument checks: path syntax, ESMTP parameters (SIZE, BODY, SMTPUTF8, RET, ENVID,
// NOTIFY, ORCPT) with Postfix's replies. Trusts: nothing. Must never: let CR, LF, NUL or other control
// characters into an address or parameter value that is kept (queue records and logs rely on it).
using System.Buffers.Text;
using System.Text;
using Estafeta.Core;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

internal static class EnvelopeParameters
{
    public static bool TryParseMail(ReadOnlySpan<byte> line, out string sender, out MailParameters parameters, out SmtpReply error)
    {
        sender = string.Empty;
        parameters = default;
        SmtpCommandParser.ParseVerb(line, out var argument);
        var status = SmtpPathParser.Parse(argument, "FROM:"u8, out var mailbox, out var parameterText);
        if (status != SmtpPathStatus.Ok)
        {
            error = status == SmtpPathStatus.CommandSyntax ? SmtpdReplies.MailSyntax : SmtpdReplies.BadSender;
            return false;
        }

        var reader = new EsmtpParameterReader(parameterText);
        while (reader.TryRead(out var parameter))
        {
            if (!TryApplyMailParameter(parameter, ref parameters, out error))
            {
                return false;
            }
        }

        if (!parameters.SmtpUtf8 && !Ascii.IsValid(mailbox))
        {
            error = SmtpdReplies.NeedSmtpUtf8;
            return false;
        }

        sender = Encoding.UTF8.GetString(mailbox);
        error = SmtpdReplies.Ok;
        return true;
    }

    private static bool TryApplyMailParameter(EsmtpParameter parameter, ref MailParameters parameters, out SmtpReply error)
    {
        error = SmtpdReplies.Ok;
        var keyword = parameter.Keyword;
        var value = parameter.Value;
        if (Ascii.EqualsIgnoreCase(keyword, "SIZE"u8))
        {
            if (value.IsEmpty || value.Length > 18 || !Utf8Parser.TryParse(value, out long size, out var used) || used != value.Length || size < 0)
            {
                error = SmtpdReplies.BadSize;
                return false;
            }

            parameters.Size = size;
        }
        else if (Ascii.EqualsIgnoreCase(keyword, "BODY"u8))
        {
            if (Ascii.EqualsIgnoreCase(value, "7BIT"u8))
            {
                parameters.Body = BodyType.SevenBit;
            }
            else if (Ascii.EqualsIgnoreCase(value, "8BITMIME"u8))
            {
                parameters.Body = BodyType.EightBitMime;
            }
            else
            {
                error = SmtpdReplies.BadBody;
                return false;
            }
        }
        else if (Ascii.EqualsIgnoreCase(keyword, "SMTPUTF8"u8) && !parameter.HasValue)
        {
            parameters.SmtpUtf8 = true;
        }
        else if (Ascii.EqualsIgnoreCase(keyword, "RET"u8))
        {
            if (Ascii.EqualsIgnoreCase(value, "FULL"u8))
            {
                parameters.Return = DsnReturn.Full;
            }
            else if (Ascii.EqualsIgnoreCase(value, "HDRS"u8))
            {
                parameters.Return = DsnReturn.Headers;
            }
            else
            {
                error = SmtpdReplies.BadRet;
                return false;
            }
        }
        else if (Ascii.EqualsIgnoreCase(keyword, "ENVID"u8))
        {
            // RFC 3461 §4.4: at most 100 characters.
            var envelopeId = value.Length is > 0 and <= 500 ? Xtext.Decode(value) : null;
            if (envelopeId is null || envelopeId.Length > 100)
            {
                error = SmtpdReplies.BadEnvid;
                return false;
            }

            parameters.EnvelopeId = envelopeId;
        }
        else if (Ascii.EqualsIgnoreCase(keyword, "AUTH"u8))
        {
            // RFC 4954 §5: the submitter's identity as xtext ("<>" when unknown); checked, then ignored as Postfix does.
            if (value.IsEmpty || value.Length > 500 || Xtext.Decode(value) is null)
            {
                error = SmtpdReplies.BadAuthParameter;
                return false;
            }
        }
        else
        {
            error = SmtpdReplies.Unsupported(LogText.Escape(parameter.Text, 200));
            return false;
        }

        return true;
    }

    public static bool TryParseRcpt(ReadOnlySpan<byte> line, bool smtpUtf8, out EnvelopeRecipient recipient, out SmtpReply error)
    {
        recipient = null!;
        SmtpCommandParser.ParseVerb(line, out var argument);
        var status = SmtpPathParser.Parse(argument, "TO:"u8, out var mailbox, out var parameterText);
        if (status != SmtpPathStatus.Ok || mailbox.IsEmpty)
        {
            error = status == SmtpPathStatus.CommandSyntax ? SmtpdReplies.RcptSyntax : SmtpdReplies.BadRecipient;
            return false;
        }

        var notify = DsnNotify.Unspecified;
        string? original = null;
        var reader = new EsmtpParameterReader(parameterText);
        while (reader.TryRead(out var parameter))
        {
            if (Ascii.EqualsIgnoreCase(parameter.Keyword, "NOTIFY"u8))
            {
                if (!TryParseNotify(parameter.Value, out notify))
                {
                    error = SmtpdReplies.BadNotify;
                    return false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(parameter.Keyword, "ORCPT"u8))
            {
                if (!TryParseOrcpt(parameter.Value, out original))
                {
                    error = SmtpdReplies.BadOrcpt;
                    return false;
                }
            }
            else
            {
                error = SmtpdReplies.Unsupported(LogText.Escape(parameter.Text, 200));
                return false;
            }
        }

        if (!smtpUtf8 && !Ascii.IsValid(mailbox))
        {
            error = SmtpdReplies.NeedSmtpUtf8;
            return false;
        }

        recipient = new EnvelopeRecipient(Encoding.UTF8.GetString(mailbox), notify, original);
        error = SmtpdReplies.Ok;
        return true;
    }

    private static bool TryParseNotify(ReadOnlySpan<byte> value, out DsnNotify notify)
    {
        notify = DsnNotify.Unspecified;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var range in value.Split((byte)','))
        {
            var item = value[range];
            var flag = item switch
            {
                _ when Ascii.EqualsIgnoreCase(item, "NEVER"u8) => DsnNotify.Never,
                _ when Ascii.EqualsIgnoreCase(item, "SUCCESS"u8) => DsnNotify.Success,
                _ when Ascii.EqualsIgnoreCase(item, "FAILURE"u8) => DsnNotify.Failure,
                _ when Ascii.EqualsIgnoreCase(item, "DELAY"u8) => DsnNotify.Delay,
                _ => DsnNotify.Unspecified,
            };
            if (flag == DsnNotify.Unspecified)
            {
                return false;
            }

            notify |= flag;
        }

        // NEVER must stand alone (RFC 3461 §4.1).
        return (notify & DsnNotify.Never) == 0 || notify == DsnNotify.Never;
    }

    private static bool TryParseOrcpt(ReadOnlySpan<byte> value, out string? original)
    {
        original = null;
        var semicolon = value.IndexOf((byte)';');
        if (semicolon <= 0 || value.Length > 500)
        {
            return false;
        }

        var addressType = value[..semicolon];
        foreach (var b in addressType)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'-'))
            {
                return false;
            }
        }

        var decoded = Xtext.Decode(value[(semicolon + 1)..]);
        if (string.IsNullOrEmpty(decoded))
        {
            return false;
        }

        original = Encoding.ASCII.GetString(addressType) + ";" + decoded;
        return true;
    }

    internal struct MailParameters
    {
        public long? Size;
        public BodyType Body;
        public bool SmtpUtf8;
        public DsnReturn Return;
        public string? EnvelopeId;
    }
}
