// What a session needs for STARTTLS and AUTH, handed in by the connection handler.
using Estafeta.Auth;

namespace Estafeta.Smtpd;

/// <summary>TLS for one connection, and the shared password checker and AUTH rate limit of the service.</summary>
public sealed record SessionSecurity
{
    public static readonly SessionSecurity None = new();

    /// <summary>Null when this connection cannot do TLS (no certificate configured).</summary>
    public ISessionTls? Tls { get; init; }

    /// <summary>Null when AUTH is not enabled.</summary>
    public PasswordVerifier? Passwords { get; init; }

    /// <summary>smtpd_client_auth_rate_limit, shared by the sessions of one service (as anvil counts per service).</summary>
    public AuthRateLimiter? AuthRate { get; init; }

    /// <summary>True when the handler already logged "connect from" (before a wrapper-mode handshake).</summary>
    public bool ConnectLogged { get; init; }
}

/// <summary>Turns one connection's transport into TLS.</summary>
public interface ISessionTls
{
    /// <summary>True when the connection is already TLS (wrapper mode, or after STARTTLS).</summary>
    bool IsActive { get; }

    /// <summary>Performs the server handshake on the raw connection (never on buffered plaintext) and returns
    /// the TLS transport. Throws IOException when the handshake fails or times out (already logged).</summary>
    ValueTask<System.IO.Pipelines.IDuplexPipe> StartAsync(CancellationToken cancellationToken);
}
