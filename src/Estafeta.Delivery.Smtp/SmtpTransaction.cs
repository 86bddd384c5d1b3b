// One mail transaction over a ready session: MAIL FROM, RCPT TO (pipelined when offered), DATA, content, final dot.
// Trusts: the queue file (validated by QueueFile.Open) for the content bytes; nothing the server says.
// Must never: report Sent before the server's 2xx to the final dot, or send a final dot after content it could not read.
using System.Text;
using Estafeta.Queue;

namespace Estafeta.Delivery.Smtp;

/// <summary>Sends one message to the recipients still pending.</summary>
internal sealed class SmtpTransaction(SmtpSession session, DeliveryRequest request, QueueFile content)
{
    private const string PhaseMail = "sending MAIL FROM";
    private const string PhaseRcpt = "sending RCPT TO";
    private const string PhaseData = "sending DATA command";
    private const string PhaseBody = "sending message body";
    private const string PhaseDot = "sending end of data -- message may be sent more than once";
    private const int ChunkSize = 64 * 1024;

    private readonly SmtpConnection _connection = session.Connection;
    private readonly SmtpClientSettings _settings = session.Settings;
    private readonly SmtpServerAddress _server = session.Server;

    /// <summary>Where the envelope exchange is, for "lost connection with H[IP] while sending RCPT TO".</summary>
    private string? _envelopePhase;

    public async Task<IReadOnlyList<RecipientResult>> RunAsync(IReadOnlyList<DeliveryRecipient> recipients, CancellationToken cancellationToken)
    {
        var capabilities = session.Capabilities;
        if (capabilities.SizeLimit > 0 && request.ContentSize > capabilities.SizeLimit)
        {
            return All(recipients, SmtpTexts.Local(_server, true, "5.3.4",
                $"message size {request.ContentSize} exceeds size limit {capabilities.SizeLimit} of server {_server.NameAddress}"), final: true);
        }

        if (!capabilities.SmtpUtf8 && NeedsSmtpUtf8())
        {
            return All(recipients, SmtpTexts.Local(_server, true, "5.6.7",
                $"SMTPUTF8 is required, but was not offered by host {_server.NameAddress}"), final: true);
        }

        var results = new Dictionary<DeliveryRecipient, RecipientResult>(ReferenceEqualityComparer.Instance);
        var phase = PhaseMail;
        try
        {
            var accepted = await EnvelopeAsync(recipients, results, cancellationToken).ConfigureAwait(false);
            if (accepted is null)
            {
                return [.. results.Values];
            }

            phase = PhaseBody;
            if (!await SendContentAsync(cancellationToken).ConfigureAwait(false))
            {
                // The queue file could not be read: close without the final dot, so the server discards the message.
                await _connection.DisposeAsync().ConfigureAwait(false);
                foreach (var recipient in accepted)
                {
                    results[recipient] = RecipientResult.From(recipient, new SmtpFailure(false, "4.3.0", "error reading queue file") { Relay = _server.Relay }, final: true);
                }

                return [.. results.Values];
            }

            phase = PhaseDot;
            var done = await _connection.ReadReplyAsync(_settings.DataDoneTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var recipient in accepted)
            {
                results[recipient] = done.Code / 100 == 2
                    ? new RecipientResult(recipient, new RecipientOutcome(recipient.QueueIndex, DeliveryStatus.Sent, done.Dsn, done.Text, _server.Relay)
                    {
                        RemoteMta = $"dns; {_server.HostName}",
                        DiagnosticCode = $"smtp; {done.Text}",
                    }, null)
                    : RecipientResult.From(recipient, Said(done, SmtpTexts.InReplyToEndOfData), final: false);
            }

            return [.. results.Values];
        }
        catch (SmtpConnectionException exception)
        {
            // After the final dot the server may have queued the message: defer, never try another server now
            // (a duplicate is allowed, a loss is not; a second copy elsewhere is avoidable).
            var current = _envelopePhase ?? phase;
            var failure = session.Broken(exception, current);
            foreach (var recipient in recipients)
            {
                // A recipient the server already refused for good keeps that answer.
                if (!results.TryGetValue(recipient, out var known) || known.Final?.Status != DeliveryStatus.Bounced)
                {
                    results[recipient] = RecipientResult.From(recipient, failure, final: current == PhaseDot);
                }
            }

            return [.. results.Values];
        }
    }

    /// <summary>MAIL, RCPT, DATA. Returns the accepted recipients when the server said 354, else null (results say why).</summary>
    private async Task<List<DeliveryRecipient>?> EnvelopeAsync(IReadOnlyList<DeliveryRecipient> recipients, Dictionary<DeliveryRecipient, RecipientResult> results, CancellationToken cancellationToken)
    {
        var capabilities = session.Capabilities;
        var pipelined = capabilities.Pipelining;
        _envelopePhase = PhaseMail;
        await _connection.WriteCommandAsync(SmtpEnvelopeCommands.Mail(request, capabilities), _settings.MailTimeout, cancellationToken).ConfigureAwait(false);
        if (pipelined)
        {
            foreach (var recipient in recipients)
            {
                await _connection.WriteCommandAsync(SmtpEnvelopeCommands.Rcpt(recipient, capabilities), _settings.RcptTimeout, cancellationToken).ConfigureAwait(false);
            }

            await _connection.WriteCommandAsync("DATA", _settings.DataInitTimeout, cancellationToken).ConfigureAwait(false);
        }

        await _connection.FlushAsync(_settings.MailTimeout, cancellationToken).ConfigureAwait(false);
        var mail = await _connection.ReadReplyAsync(_settings.MailTimeout, cancellationToken).ConfigureAwait(false);
        var mailFailed = mail.Code / 100 != 2;
        var accepted = new List<DeliveryRecipient>();
        _envelopePhase = PhaseRcpt;
        foreach (var recipient in recipients)
        {
            if (mailFailed && !pipelined)
            {
                break;
            }

            if (!pipelined)
            {
                await _connection.WriteCommandAsync(SmtpEnvelopeCommands.Rcpt(recipient, capabilities), _settings.RcptTimeout, cancellationToken).ConfigureAwait(false);
                await _connection.FlushAsync(_settings.RcptTimeout, cancellationToken).ConfigureAwait(false);
            }

            var rcpt = await _connection.ReadReplyAsync(_settings.RcptTimeout, cancellationToken).ConfigureAwait(false);
            if (mailFailed)
            {
                continue;
            }

            if (rcpt.Code / 100 == 2)
            {
                accepted.Add(recipient);
            }
            else
            {
                results[recipient] = RecipientResult.From(recipient, Said(rcpt, SmtpTexts.InReplyToRcpt), final: false);
            }
        }

        if (mailFailed)
        {
            foreach (var recipient in recipients)
            {
                results[recipient] = RecipientResult.From(recipient, Said(mail, SmtpTexts.InReplyToMail), final: false);
            }
        }

        _envelopePhase = PhaseData;
        SmtpClientReply? data = null;
        if (pipelined)
        {
            data = await _connection.ReadReplyAsync(_settings.DataInitTimeout, cancellationToken).ConfigureAwait(false);
        }
        else if (accepted.Count > 0)
        {
            await _connection.WriteCommandAsync("DATA", _settings.DataInitTimeout, cancellationToken).ConfigureAwait(false);
            await _connection.FlushAsync(_settings.DataInitTimeout, cancellationToken).ConfigureAwait(false);
            data = await _connection.ReadReplyAsync(_settings.DataInitTimeout, cancellationToken).ConfigureAwait(false);
        }

        _envelopePhase = null;
        if (data is null)
        {
            return null;
        }

        if (accepted.Count == 0)
        {
            if (data.Code == 354)
            {
                // A pipelined DATA that a server accepted with no recipients: end it empty, as Postfix does.
                await _connection.WriteAsync(".\r\n"u8.ToArray(), _settings.DataTransferTimeout, cancellationToken).ConfigureAwait(false);
                await _connection.FlushAsync(_settings.DataTransferTimeout, cancellationToken).ConfigureAwait(false);
                await _connection.ReadReplyAsync(_settings.DataDoneTimeout, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        if (data.Code != 354)
        {
            foreach (var recipient in accepted)
            {
                results[recipient] = RecipientResult.From(recipient, Said(data, SmtpTexts.InReplyToData), final: false);
            }

            return null;
        }

        return accepted;
    }

    /// <summary>The queued lines, dot-stuffed, CRLF, in 64 KiB writes, then the final dot.
    /// Returns false, before any final dot, when the queue file cannot be read to its end.</summary>
    private async Task<bool> SendContentAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[ChunkSize];
        var used = 0;
        using var lines = content.ReadLines().GetEnumerator();
        while (true)
        {
            try
            {
                if (!lines.MoveNext())
                {
                    break;
                }
            }
            catch (Exception exception) when (exception is IOException or QueueFormatException or UnauthorizedAccessException)
            {
                return false;
            }

            var line = lines.Current;
            var needed = line.Length + 3;
            if (used + needed > chunk.Length)
            {
                await _connection.WriteAsync(chunk.AsMemory(0, used), _settings.DataTransferTimeout, cancellationToken).ConfigureAwait(false);
                used = 0;
                if (needed > chunk.Length)
                {
                    chunk = new byte[needed];
                }
            }

            if (line.Length > 0 && line[0] == (byte)'.')
            {
                chunk[used++] = (byte)'.';
            }

            line.CopyTo(chunk, used);
            used += line.Length;
            chunk[used++] = (byte)'\r';
            chunk[used++] = (byte)'\n';
        }

        await _connection.WriteAsync(chunk.AsMemory(0, used), _settings.DataTransferTimeout, cancellationToken).ConfigureAwait(false);
        await _connection.WriteAsync(".\r\n"u8.ToArray(), _settings.DataTransferTimeout, cancellationToken).ConfigureAwait(false);
        await _connection.FlushAsync(_settings.DataTransferTimeout, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>As Postfix: SMTPUTF8 is needed only when the sender asked for it and the envelope or the header
    /// really holds UTF-8; otherwise the message goes to a server without SMTPUTF8 unchanged.</summary>
    private bool NeedsSmtpUtf8()
    {
        if (!request.SmtpUtf8)
        {
            return false;
        }

        if (!Ascii.IsValid(request.Sender) || request.Recipients.Any(r => !Ascii.IsValid(r.Address)))
        {
            return true;
        }

        try
        {
            foreach (var line in content.ReadLines())
            {
                if (line.Length == 0)
                {
                    return false;
                }

                if (!Ascii.IsValid(line))
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or QueueFormatException or UnauthorizedAccessException)
        {
            // Sending the content meets the same error and defers the message.
        }

        return false;
    }

    private SmtpFailure Said(SmtpClientReply reply, string inReplyTo) => SmtpTexts.FromReply(_server, reply, SmtpTexts.HostSaid(_server, reply, inReplyTo));

    private static List<RecipientResult> All(IReadOnlyList<DeliveryRecipient> recipients, SmtpFailure failure, bool final) =>
        [.. recipients.Select(r => RecipientResult.From(r, failure, final))];
}
