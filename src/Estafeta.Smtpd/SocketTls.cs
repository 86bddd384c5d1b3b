// TLS over one accepted socket: the SslStream sits on the raw NetworkStream, never on the plaintext
// pipe (whatever the client sent behind STARTTLS stays out of the TLS session). Logs what was negotiated
// as Postfix does. Must never: let a handshake run past smtpd_starttls_timeout.
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Estafeta.Core;
using Microsoft.Extensions.Logging;

namespace Estafeta.Smtpd;

internal sealed class SocketTls(
    Stream network, ServerTls material, TimeSpan timeout, TimeProvider time, ILogger log, ClientInfo client) : ISessionTls, IAsyncDisposable
{
    private SslStream? _ssl;

    public bool IsActive => _ssl is not null;

    public async ValueTask<IDuplexPipe> StartAsync(CancellationToken cancellationToken)
    {
        var ssl = new SslStream(network, leaveInnerStreamOpen: true);
        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await ssl.AuthenticateAsServerAsync(material.Options(), limit.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException || (e is OperationCanceledException && timer.IsCancellationRequested))
        {
            await ssl.DisposeAsync();
            SmtpdLog.TlsAcceptError(log, client.LogForm, e is OperationCanceledException ? "timeout" : e.GetBaseException().Message);
            throw new IOException("TLS handshake failed", e);
        }

        _ssl = ssl;
        var cipher = ssl.NegotiatedCipherSuite.ToString();
        var bits = CipherBits(cipher);
        SmtpdLog.TlsEstablished(log, client.LogForm, ProtocolName(ssl.SslProtocol), cipher, bits, bits);
        return new StreamPipe(
            PipeReader.Create(ssl, SessionPipeOptions.Reader),
            PipeWriter.Create(ssl, SessionPipeOptions.Writer));
    }

    public async ValueTask DisposeAsync()
    {
        if (_ssl is not null)
        {
            await _ssl.DisposeAsync();
        }
    }

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    /// <summary>Postfix's "(256/256 bits)": the symmetric cipher's key size, from the suite's name.</summary>
    private static int CipherBits(string suite) =>
        suite.Contains("AES_128", StringComparison.Ordinal) ? 128
        : suite.Contains("AES_256", StringComparison.Ordinal) || suite.Contains("CHACHA20", StringComparison.Ordinal) ? 256
        : 0;

    internal sealed class StreamPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
