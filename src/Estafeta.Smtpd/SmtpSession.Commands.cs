// HELO/EHLO, RSET, VRFY: the commands that do not move message content.
using System.Text;
using Estafeta.Core;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

public sealed partial class SmtpSession
{
    private SmtpReply? _ehloReply;

    private async ValueTask<Outcome> HelloAsync(bool extended, CommandLine command)
    {
        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        if (argument.IsEmpty || ContainsControl(argument))
        {
            await ReplyAsync(extended ? SmtpdReplies.EhloSyntax : SmtpdReplies.HeloSyntax);
            return Outcome.Error;
        }

        var helo = Encoding.UTF8.GetString(argument);

        // RFC 5321 §4.1.4: HELO/EHLO also resets the transaction.
        await AbortTransactionAsync();
        _discardChunks = false;
        _extended = extended;
        _baseProtocol = extended ? "ESMTP" : "SMTP";
        Client = Client with { Helo = helo, Protocol = ComposeProtocol() };
        await ReplyAsync(extended ? EhloReply() : new SmtpReply(250, null, _settings.MyHostname));
        return Outcome.Ok;
    }

    // Postfix's order of EHLO keywords (ETRN is not offered here). The cache is dropped when TLS starts.
    private SmtpReply EhloReply() => _ehloReply ??= BuildEhloReply();

    private SmtpReply BuildEhloReply()
    {
        var lines = new List<string>(9) { _settings.MyHostname, "PIPELINING" };
        lines.Add(_settings.MessageSizeLimit > 0
            ? "SIZE " + _settings.MessageSizeLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "SIZE");
        if (!_settings.DisableVrfyCommand)
        {
            lines.Add("VRFY");
        }

        if (OfferStartTls)
        {
            lines.Add("STARTTLS");
        }

        if (OfferAuth)
        {
            lines.Add("AUTH PLAIN LOGIN");
        }

        lines.AddRange(["ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"]);
        return new SmtpReply(250, null, [.. lines]);
    }

    private async ValueTask<Outcome> RsetAsync(CommandLine command)
    {
        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        if (!argument.IsEmpty)
        {
            await ReplyAsync(SmtpdReplies.RsetSyntax);
            return Outcome.Error;
        }

        await AbortTransactionAsync();
        _discardChunks = false;
        await ReplyAsync(SmtpdReplies.Ok);
        return Outcome.Ok;
    }

    private async ValueTask<Outcome> VrfyAsync(CommandLine command)
    {
        if (_settings.DisableVrfyCommand)
        {
            await ReplyAsync(SmtpdReplies.VrfyDisabled);
            return Outcome.Error;
        }

        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        if (argument.IsEmpty)
        {
            await ReplyAsync(SmtpdReplies.VrfySyntax);
            return Outcome.Error;
        }

        if (argument[0] == (byte)'<' && argument[^1] == (byte)'>')
        {
            argument = argument[1..^1];
        }

        if (argument.IsEmpty || !SmtpPathParser.ValidateMailbox(argument, out var mailbox))
        {
            await ReplyAsync(SmtpdReplies.BadRecipient);
            return Outcome.Error;
        }

        var address = Encoding.UTF8.GetString(mailbox);
        var decision = await _policy.CheckRecipientAsync(Client, _transaction?.Sender ?? string.Empty, address, _stopping);
        if (decision.Reject is { } reject)
        {
            LogReject("VRFY", reject, address);
            await ReplyAsync(reject);
            return Outcome.Error;
        }

        await ReplyAsync(SmtpdReplies.CannotVerify(address));
        return Outcome.Ok;
    }

    private static bool ContainsControl(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is < 0x20 and not (byte)'\t' or 0x7F)
            {
                return true;
            }
        }

        return false;
    }
}
