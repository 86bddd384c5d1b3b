// STARTTLS (RFC 3207): reply 220, throw away whatever plaintext the client sent behind the command
// (CVE-2011-0411: it is logged, never executed), hand the raw connection to TLS, then forget everything
// learnt before: HELO/EHLO, the transaction, any AUTH. EHLO is required again.
using System.Buffers;
using System.IO.Pipelines;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

public sealed partial class SmtpSession
{
    private readonly SessionSecurity _security;
    private bool _tlsActive;
    private bool _heloRequiredAfterTls;
    private string _baseProtocol;

    private bool OfferStartTls => !_tlsActive && _security.Tls is not null && _settings.TlsSecurityLevel != TlsSecurityLevel.None;

    /// <summary>"ESMTP" + "S" with TLS + "A" after AUTH, as Postfix's Received: header says it.</summary>
    private string ComposeProtocol() =>
        _baseProtocol == "LOCAL" ? _baseProtocol : _baseProtocol + (_tlsActive ? "S" : string.Empty) + (Client.SaslUser is not null ? "A" : string.Empty);

    private async ValueTask<Outcome> StartTlsAsync(CommandLine command)
    {
        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        if (!argument.IsEmpty)
        {
            await ReplyAsync(SmtpdReplies.StartTlsSyntax);
            return Outcome.Error;
        }

        if (_tlsActive)
        {
            await ReplyAsync(SmtpdReplies.TlsAlreadyActive);
            return Outcome.Error;
        }

        if (!OfferStartTls || _security.Tls is not { } tls)
        {
            await ReplyAsync(SmtpdReplies.NotImplemented);
            return Outcome.Error;
        }

        await ReplyAsync(SmtpdReplies.ReadyToStartTls);
        await FlushAsync();

        // Anything already read past the STARTTLS line is plaintext an attacker could have injected.
        if (_input.TryRead(out var buffered))
        {
            if (buffered.Buffer.Length > 0)
            {
                var head = buffered.Buffer.Slice(0, Math.Min(buffered.Buffer.Length, 100)).ToArray();
                SmtpdLog.ImproperPipelining(_log, "STARTTLS", Client.LogForm, LogText.EscapeWithoutSecrets(head));
            }

            _input.AdvanceTo(buffered.Buffer.End);
        }

        await _input.CompleteAsync();
        await _output.CompleteAsync();
        ArmTimeout();
        IDuplexPipe secured = await tls.StartAsync(_readToken.Token);
        _input = secured.Input;
        _output = secured.Output;
        _tlsActive = true;

        await AbortTransactionAsync();
        _discardChunks = false;
        _extended = false;
        _ehloReply = null;
        _heloRequiredAfterTls = true;
        _authFailures = 0;
        _baseProtocol = "SMTP";
        Client = Client with { Helo = null, SaslUser = null };
        Client = Client with { Protocol = ComposeProtocol() };
        return Outcome.Ok;
    }
}
