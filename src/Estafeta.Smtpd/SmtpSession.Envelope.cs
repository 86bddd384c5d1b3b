// MAIL FROM and RCPT TO: address and ESMTP parameter checks, then the policy's word.

namespace Estafeta.Smtpd;

public sealed partial class SmtpSession
{
    private async ValueTask<Outcome> MailAsync(CommandLine command)
    {
        if (_transaction is not null)
        {
            await ReplyAsync(_transaction.UsedBdat ? SmtpdReplies.MailAfterBdat : SmtpdReplies.NestedMail);
            return Outcome.Error;
        }

        if (_settings.TlsSecurityLevel == TlsSecurityLevel.Encrypt && !_tlsActive)
        {
            await ReplyAsync(SmtpdReplies.MustStartTls);
            return Outcome.Error;
        }

        if (_heloRequiredAfterTls && Client.Helo is null)
        {
            await ReplyAsync(SmtpdReplies.SendHeloFirst);
            return Outcome.Error;
        }

        if (!EnvelopeParameters.TryParseMail(_line.AsSpan(0, command.Length), out var sender, out var parameters, out var error))
        {
            await ReplyAsync(error);
            return Outcome.Error;
        }

        // Postfix logs these refusals as "NOQUEUE: reject: MAIL from ...", so an administrator sees them.
        if (_settings.MessageSizeLimit > 0 && parameters.Size > _settings.MessageSizeLimit)
        {
            SmtpdLog.Reject(_log, "NOQUEUE", "MAIL", Client.LogForm, SmtpdReplies.SizeExceeded.Summary, $" from=<{sender}>" + LogDetails(null));
            await ReplyAsync(SmtpdReplies.SizeExceeded);
            return Outcome.Error;
        }

        if (_cleanup.CheckQueueSpace(parameters.Size ?? 0) is { } noSpace)
        {
            SmtpdLog.Reject(_log, "NOQUEUE", "MAIL", Client.LogForm, noSpace.Summary, $" from=<{sender}>" + LogDetails(null));
            await ReplyAsync(noSpace);
            return Outcome.Error;
        }

        var decision = await _policy.CheckSenderAsync(Client, sender, _stopping);
        if (decision.Reject is { } reject)
        {
            SmtpdLog.Reject(_log, "NOQUEUE", "MAIL", Client.LogForm, reject.Summary, $" from=<{sender}>" + LogDetails(null));
            await ReplyAsync(reject);
            return Outcome.Error;
        }

        _transaction = new MailTransaction
        {
            Sender = sender,
            DeclaredSize = parameters.Size,
            Body = parameters.Body,
            SmtpUtf8 = parameters.SmtpUtf8,
            Return = parameters.Return,
            EnvelopeId = parameters.EnvelopeId,
        };
        await ReplyAsync(SmtpdReplies.SenderOk);
        return Outcome.Ok;
    }

    private async ValueTask<Outcome> RcptAsync(CommandLine command)
    {
        if (_transaction is null)
        {
            await ReplyAsync(SmtpdReplies.NeedMail);
            return Outcome.Error;
        }

        if (_transaction.UsedBdat)
        {
            await ReplyAsync(SmtpdReplies.RcptAfterBdat);
            return Outcome.Error;
        }

        if (!EnvelopeParameters.TryParseRcpt(_line.AsSpan(0, command.Length), _transaction.SmtpUtf8, out var recipient, out var error))
        {
            await ReplyAsync(error);
            return Outcome.Error;
        }

        if (_transaction.Recipients.Count >= _settings.RecipientLimit)
        {
            await ReplyAsync(SmtpdReplies.TooManyRecipients);
            return Outcome.Uncounted;
        }

        var decision = await _policy.CheckRecipientAsync(Client, _transaction.Sender, recipient.Address, _stopping);
        if (decision.Reject is { } reject)
        {
            LogReject("RCPT", reject, recipient.Address);
            await ReplyAsync(reject);
            return Outcome.Error;
        }

        if (_transaction.QueueId is null)
        {
            _transaction.QueueId = _cleanup.NewQueueId();
            if (Client.SaslUser is { } login)
            {
                SmtpdLog.QueueClientAuthenticated(_log, _transaction.QueueId, Client.LogForm, _saslMethod ?? "PLAIN", login);
            }
            else
            {
                SmtpdLog.QueueClient(_log, _transaction.QueueId, Client.LogForm);
            }
        }

        _transaction.Recipients.Add(recipient);
        await ReplyAsync(SmtpdReplies.RecipientOk);
        return Outcome.Ok;
    }
}
