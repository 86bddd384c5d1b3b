// AUTH (RFC 4954) with PLAIN and LOGIN, checked by the Auth project's PasswordVerifier.
// Must never: log a password or any base64 the client sent (only the mechanism and the user's address
// appear), offer AUTH before TLS when smtpd_tls_auth_only, or let a client try without bound
// (smtpd_sasl_fail_limit per session, smtpd_client_auth_rate_limit per address and time unit).
using Estafeta.Auth;
using Estafeta.Core;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

public sealed partial class SmtpSession
{
    // "Username:" and "Password:" in base64: the LOGIN mechanism's prompts.
    private static readonly SmtpReply LoginUserPrompt = new(334, null, "VXNlcm5hbWU6");
    private static readonly SmtpReply LoginPasswordPrompt = new(334, null, "UGFzc3dvcmQ6");
    private static readonly SmtpReply EmptyChallenge = new(334, null, string.Empty);
    private static readonly SmtpReply AuthLineTooLong = new(500, "5.5.6", "Authentication Exchange line is too long");

    private int _authFailures;
    private string? _saslMethod;

    private bool OfferAuth => _settings.SaslAuthEnable && _security.Passwords is not null && (_tlsActive || !_settings.TlsAuthOnly);

    private async ValueTask<Outcome> AuthAsync(CommandLine command)
    {
        if (!_settings.SaslAuthEnable || _security.Passwords is not { } passwords)
        {
            await ReplyAsync(SmtpdReplies.AuthNotEnabled);
            return Outcome.Error;
        }

        if (!_extended)
        {
            await ReplyAsync(SmtpdReplies.SendHeloFirst);
            return Outcome.Error;
        }

        if (_settings.TlsAuthOnly && !_tlsActive)
        {
            await ReplyAsync(SmtpdReplies.AuthNeedsEncryption);
            return Outcome.Error;
        }

        if (Client.SaslUser is not null)
        {
            await ReplyAsync(SmtpdReplies.AlreadyAuthenticated);
            return Outcome.Error;
        }

        if (_transaction is not null)
        {
            await ReplyAsync(SmtpdReplies.AuthInTransaction);
            return Outcome.Error;
        }

        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        var space = argument.IndexOf((byte)' ');
        var mechanismBytes = space < 0 ? argument : argument[..space];
        var initial = space < 0 ? null : argument[(space + 1)..].Trim((byte)' ').ToArray();
        if (mechanismBytes.IsEmpty)
        {
            await ReplyAsync(SmtpdReplies.AuthSyntax);
            return Outcome.Error;
        }

        var mechanism = System.Text.Encoding.ASCII.GetString(mechanismBytes).ToUpperInvariant();
        if (mechanism is not ("PLAIN" or "LOGIN"))
        {
            await ReplyAsync(SmtpdReplies.AuthMechanismUnsupported);
            return Outcome.Error;
        }

        var exempt = _settings.ClientLimitExceptionsForMyNetworks && _policy.IsInMyNetworks(Client.Address);
        if (!exempt && _security.AuthRate is { } rate && !rate.TryCount(Client.Address, out var count))
        {
            SmtpdLog.AuthRateExceeded(_log, count, Client.LogForm, _settings.ServiceName);
            await ReplyAsync(SmtpdReplies.TooManyAuthCommands(Client.AddressText));
            return Outcome.Error;
        }

        var (user, password, refusal) = mechanism == "PLAIN" ? await ReadPlainAsync(initial) : await ReadLoginAsync(initial);
        if (refusal == SmtpdReplies.AuthFailed)
        {
            return await CountFailureAsync(mechanism);
        }

        if (refusal is not null)
        {
            await ReplyAsync(refusal);
            return Outcome.Error;
        }

        AuthOutcome outcome;
        try
        {
            var name = user!;
            var secret = password!;
            outcome = await Task.Run(() => passwords.Verify(name, secret), _stopping);
        }
        finally
        {
            Array.Clear(password!);
        }

        switch (outcome)
        {
            case AuthOutcome.Success:
                _saslMethod = mechanism;
                Client = Client with { SaslUser = user };
                Client = Client with { Protocol = ComposeProtocol() };
                await ReplyAsync(SmtpdReplies.AuthSucceeded);
                return Outcome.Ok;
            case AuthOutcome.TemporaryFailure:
                SmtpdLog.SaslTemporaryFailure(_log, Client.LogForm, mechanism, passwords.LastSourceProblem(user!) ?? "temporary failure");
                await ReplyAsync(SmtpdReplies.AuthTemporaryFailure);
                return Outcome.Error;
            default:
                return await CountFailureAsync(mechanism);
        }
    }

    /// <summary>Logs the failure as Postfix does (fail2ban's postfix-sasl filter), replies 535, and ends the
    /// session with 421 once smtpd_sasl_fail_limit failures are reached.</summary>
    private async ValueTask<Outcome> CountFailureAsync(string mechanism)
    {
        SmtpdLog.SaslFailed(_log, Client.LogForm, mechanism);
        _authFailures++;
        if (_settings.SaslFailLimit > 0 && _authFailures >= _settings.SaslFailLimit)
        {
            SmtpdLog.TooManyAuthFailures(_log, Client.LogForm);
            await ReplyAsync(SmtpdReplies.TooManyAuthFailures(_settings.MyHostname));
            _done = true;
            return Outcome.Error;
        }

        await ReplyAsync(SmtpdReplies.AuthFailed);
        return Outcome.Error;
    }

    private async ValueTask<(string? User, byte[]? Password, SmtpReply? Refusal)> ReadPlainAsync(byte[]? initial)
    {
        var (response, refusal) = initial is not null ? (initial, null) : await ChallengeAsync(EmptyChallenge);
        if (refusal is not null)
        {
            return (null, null, refusal);
        }

        var decoded = SaslResponses.Decode(response);
        Array.Clear(response!);
        if (decoded is null)
        {
            return (null, null, SmtpdReplies.AuthCannotDecode);
        }

        try
        {
            return SaslResponses.TryParsePlain(decoded, out var user, out var password)
                ? (user, password, null)
                : (null, null, SmtpdReplies.AuthFailed);
        }
        finally
        {
            Array.Clear(decoded);
        }
    }

    private async ValueTask<(string? User, byte[]? Password, SmtpReply? Refusal)> ReadLoginAsync(byte[]? initial)
    {
        var (userResponse, refusal) = initial is not null ? (initial, null) : await ChallengeAsync(LoginUserPrompt);
        if (refusal is not null)
        {
            return (null, null, refusal);
        }

        var userBytes = SaslResponses.Decode(userResponse);
        if (userBytes is null)
        {
            return (null, null, SmtpdReplies.AuthCannotDecode);
        }

        var (passwordResponse, passwordRefusal) = await ChallengeAsync(LoginPasswordPrompt);
        if (passwordRefusal is not null)
        {
            return (null, null, passwordRefusal);
        }

        var password = SaslResponses.Decode(passwordResponse);
        Array.Clear(passwordResponse!);
        if (password is null)
        {
            return (null, null, SmtpdReplies.AuthCannotDecode);
        }

        if (!SaslResponses.TryUser(userBytes, out var user))
        {
            Array.Clear(password);
            return (null, null, SmtpdReplies.AuthFailed);
        }

        return (user, password, null);
    }

    /// <summary>Sends a 334 challenge and reads the client's line ("*" cancels).</summary>
    private async ValueTask<(byte[]? Response, SmtpReply? Refusal)> ChallengeAsync(SmtpReply challenge)
    {
        await ReplyAsync(challenge);
        var line = await ReadCommandLineAsync();
        if (line.TooLong)
        {
            return (null, AuthLineTooLong);
        }

        var text = _line.AsSpan(0, line.Length);
        var response = text.ToArray();
        text.Clear();
        return response is [(byte)'*'] ? (null, SmtpdReplies.AuthAborted) : (response, null);
    }
}
