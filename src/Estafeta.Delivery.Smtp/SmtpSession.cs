// One session with one server address: connect, greeting, EHLO (HELO fallback), STARTTLS, AUTH, QUIT.
// Trusts: nothing the server says; its replies only choose between Postfix's outcomes.
// Must never: send AUTH credentials over plaintext unless smtp_sasl_security_options allow it, or log a password.
using System.Net;
using Microsoft.Extensions.Logging;

namespace Estafeta.Delivery.Smtp;

/// <summary>How the handshake ended.</summary>
internal enum HandshakeStatus
{
    /// <summary>Ready for MAIL FROM.</summary>
    Ready,

    /// <summary>This server cannot take the mail now: <see cref="HandshakeResult.Failure"/> says why.</summary>
    Failed,

    /// <summary>STARTTLS failed at level "may": connect again and stay in plaintext, as Postfix does.</summary>
    RetryWithoutTls,
}

internal sealed record HandshakeResult(HandshakeStatus Status, SmtpFailure? Failure = null);

/// <summary>A connected session; <see cref="SmtpTransaction"/> sends the mail over it.</summary>
internal sealed partial class SmtpSession : IAsyncDisposable
{
    private readonly SmtpClientSettings _settings;
    private readonly SmtpTlsPolicy _tls;
    private readonly SaslPasswordMaps _passwords;
    private readonly ILogger _logger;

    private SmtpSession(SmtpConnection connection, SmtpServerAddress server, SmtpNexthop nexthop, SmtpClientSettings settings, SmtpTlsPolicy tls, SaslPasswordMaps passwords, ILogger logger)
    {
        Connection = connection;
        Server = server;
        Nexthop = nexthop;
        _settings = settings;
        _tls = tls;
        _passwords = passwords;
        _logger = logger;
    }

    public SmtpConnection Connection { get; }

    public SmtpServerAddress Server { get; }

    public SmtpNexthop Nexthop { get; }

    public EhloCapabilities Capabilities { get; private set; } = EhloCapabilities.None;

    public SmtpClientSettings Settings => _settings;

    /// <summary>Connects, or returns the failure "connect to H[IP]:port: Connection refused" (4.4.1).</summary>
    public static async Task<(SmtpSession? Session, SmtpFailure? Failure)> ConnectAsync(
        SmtpServerAddress server, SmtpNexthop nexthop, SmtpClientSettings settings, SmtpTlsPolicy tls, SaslPasswordMaps passwords,
        ILogger logger, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await SmtpConnection.ConnectAsync(new IPEndPoint(server.Address, server.Port), settings.ConnectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            return (new SmtpSession(connection, server, nexthop, settings, tls, passwords, logger), null);
        }
        catch (SmtpConnectFailedException exception)
        {
            return (null, new SmtpFailure(false, "4.4.1", $"connect to {server.Relay}: {exception.Message}"));
        }
    }

    /// <summary>"lost connection with H[IP] while PHASE" or "conversation with H[IP] timed out while PHASE" (4.4.2).</summary>
    public SmtpFailure Broken(SmtpConnectionException exception, string phase) =>
        SmtpTexts.Local(Server, false, "4.4.2", exception.TimedOut
            ? $"conversation with {Server.NameAddress} timed out while {phase}"
            : $"lost connection with {Server.NameAddress} while {phase}");

    public async Task<HandshakeResult> HandshakeAsync(bool allowTls, CancellationToken cancellationToken)
    {
        var phase = "receiving the initial server greeting";
        try
        {
            var greeting = await Connection.ReadReplyAsync(_settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
            if (greeting.Code / 100 != 2)
            {
                return Failed(SmtpTexts.FromReply(Server, greeting, $"host {Server.NameAddress} refused to talk to me: {greeting.Text}"));
            }

            phase = "performing the EHLO handshake";
            var helloFailure = await HelloAsync(cancellationToken).ConfigureAwait(false);
            if (helloFailure is not null)
            {
                return Failed(helloFailure);
            }

            if (_tls.Level != SmtpTlsSecurityLevel.None && allowTls && Capabilities.StartTls)
            {
                phase = "performing the STARTTLS handshake";
                var tlsResult = await StartTlsAsync(cancellationToken).ConfigureAwait(false);
                if (tlsResult is not null)
                {
                    return tlsResult;
                }

                phase = "performing the EHLO handshake";
                helloFailure = await HelloAsync(cancellationToken).ConfigureAwait(false);
                if (helloFailure is not null)
                {
                    return Failed(helloFailure);
                }
            }
            else if (_tls.Level >= SmtpTlsSecurityLevel.Encrypt)
            {
                return Failed(SmtpTexts.Local(Server, false, "4.7.4", $"TLS is required, but was not offered by host {Server.NameAddress}"));
            }

            phase = "performing the AUTH handshake";
            var authFailure = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
            return authFailure is null ? new HandshakeResult(HandshakeStatus.Ready) : Failed(authFailure);
        }
        catch (SmtpConnectionException exception)
        {
            return Failed(Broken(exception, phase));
        }
    }

    /// <summary>Sends QUIT and reads its reply; a failure here changes nothing that was decided.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Connection.WriteCommandAsync("QUIT", _settings.QuitTimeout, cancellationToken).ConfigureAwait(false);
            await Connection.FlushAsync(_settings.QuitTimeout, cancellationToken).ConfigureAwait(false);
            await Connection.ReadReplyAsync(_settings.QuitTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SmtpConnectionException or OperationCanceledException)
        {
            // The transaction is over; Postfix does not even wait for this reply by default.
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private static HandshakeResult Failed(SmtpFailure failure) => new(HandshakeStatus.Failed, failure);

    private async Task<SmtpClientReply> CommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Connection.WriteCommandAsync(command, timeout, cancellationToken).ConfigureAwait(false);
        await Connection.FlushAsync(timeout, cancellationToken).ConfigureAwait(false);
        return await Connection.ReadReplyAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SmtpFailure?> HelloAsync(CancellationToken cancellationToken)
    {
        var ehlo = await CommandAsync($"EHLO {_settings.HeloName}", _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
        if (ehlo.Code / 100 == 2)
        {
            Capabilities = EhloCapabilities.Parse(ehlo);
            return null;
        }

        if (ehlo.Code == 421)
        {
            return SmtpTexts.FromReply(Server, ehlo, $"host {Server.NameAddress} refused to talk to me: {ehlo.Text}");
        }

        var helo = await CommandAsync($"HELO {_settings.HeloName}", _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
        Capabilities = EhloCapabilities.None;
        return helo.Code / 100 == 2 ? null : SmtpTexts.FromReply(Server, helo, SmtpTexts.HostSaid(Server, helo, SmtpTexts.InReplyToHelo));
    }

    private async Task<HandshakeResult?> StartTlsAsync(CancellationToken cancellationToken)
    {
        var reply = await CommandAsync("STARTTLS", _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 220)
        {
            // At "may" a refused STARTTLS just means plaintext, on this same connection.
            return _tls.Level == SmtpTlsSecurityLevel.May
                ? null
                : Failed(SmtpTexts.FromReply(Server, reply, SmtpTexts.HostSaid(Server, reply, SmtpTexts.InReplyToStartTls)) with { Permanent = false });
        }

        var check = new TlsPeerCheck();
        try
        {
            await Connection.StartTlsAsync(_tls.Options(Server, check), _settings.HeloTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is System.Security.Authentication.AuthenticationException or IOException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogTlsFailure(_logger, Server.Relay, exception.Message);
            return _tls.Level == SmtpTlsSecurityLevel.May
                ? new HandshakeResult(HandshakeStatus.RetryWithoutTls)
                : Failed(SmtpTexts.Local(Server, false, "4.7.5", "Cannot start TLS: handshake failure"));
        }

        LogTlsEstablished(_logger, check.Word, Server.Relay, SmtpTlsPolicy.Describe(Connection.Tls!));
        if (_tls.Level >= SmtpTlsSecurityLevel.Verify && !check.Trusted)
        {
            return Failed(SmtpTexts.Local(Server, false, "4.7.5", "Server certificate not trusted"));
        }

        if (_tls.Level >= SmtpTlsSecurityLevel.Verify && !check.Matched)
        {
            return Failed(SmtpTexts.Local(Server, false, "4.7.5", "Server certificate not verified"));
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Trust} TLS connection established to {Relay}: {Description}")]
    private static partial void LogTlsEstablished(ILogger logger, string trust, string relay, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS handshake failed with {Relay}: {Error}")]
    private static partial void LogTlsFailure(ILogger logger, string relay, string error);
}
