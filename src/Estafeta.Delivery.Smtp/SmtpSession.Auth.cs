using Estafeta.Tables;

namespace Estafeta.Delivery.Smtp;

/// <summary>The AUTH part of the handshake (smtp_sasl_*).</summary>
internal sealed partial class SmtpSession
{
    /// <summary>AUTH PLAIN (preferred) or LOGIN when enabled, the server offers AUTH and the maps have a password
    /// for it. Returns null when the session may go on (authenticated, or no authentication wanted).</summary>
    private async Task<SmtpFailure?> AuthenticateAsync(CancellationToken cancellationToken)
    {
        if (!_settings.SaslAuthEnable || Capabilities.AuthMechanisms.Count == 0)
        {
            return null;
        }

        SaslCredentials? credentials;
        try
        {
            credentials = _passwords.Find(Server, Nexthop);
        }
        catch (LookupTableException)
        {
            return SmtpTexts.Local(Server, false, "4.3.0", $"SASL authentication failed; cannot authenticate to server {Server.NameAddress}: smtp_sasl_password_maps lookup error");
        }

        if (credentials is null)
        {
            return null;
        }

        // Over TLS the password is protected: unless smtp_sasl_tls_security_options is set explicitly, the
        // "noplaintext" of smtp_sasl_security_options only guards plaintext sessions (the rule; see SmtpClientSettings).
        var options = Connection.Tls is null ? _settings.SaslSecurityOptions : _settings.SaslTlsSecurityOptions ?? string.Empty;
        var plaintextAllowed = !options.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Contains("noplaintext", StringComparer.OrdinalIgnoreCase);
        var mechanism = !plaintextAllowed ? null
            : Capabilities.AuthMechanisms.Contains("PLAIN") ? "PLAIN"
            : Capabilities.AuthMechanisms.Contains("LOGIN") ? "LOGIN"
            : null;
        if (mechanism is null)
        {
            return SmtpTexts.Local(Server, false, "4.7.0", $"SASL authentication failed; cannot authenticate to server {Server.NameAddress}: no mechanism available");
        }

        var reply = mechanism == "PLAIN"
            ? await CommandAsync($"AUTH PLAIN {credentials.PlainResponse()}", _settings.HeloTimeout, cancellationToken).ConfigureAwait(false)
            : await LoginAsync(credentials, cancellationToken).ConfigureAwait(false);
        if (reply.Code == 235)
        {
            return null;
        }

        // smtp_sasl_auth_soft_bounce (default yes): an authentication failure defers, whatever the reply class.
        var dsn = reply.Dsn.Length > 0 && reply.Dsn[0] == '5' ? "4" + reply.Dsn[1..] : reply.Dsn;
        return SmtpTexts.FromReply(Server, reply, $"SASL authentication failed; server {Server.NameAddress} said: {reply.Text}")
            with
        { Permanent = false, Dsn = dsn };
    }

    private async Task<SmtpClientReply> LoginAsync(SaslCredentials credentials, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync("AUTH LOGIN", _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 334)
        {
            return reply;
        }

        reply = await CommandAsync(credentials.LoginUser(), _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
        return reply.Code != 334 ? reply : await CommandAsync(credentials.LoginPassword(), _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
    }
}
