namespace Estafeta.Smtpd;

/// <summary>Certificate or key material that cannot be used; names the file (fatal at start).</summary>
public sealed class TlsConfigurationException(string file, string problem, Exception? inner = null)
    : Exception($"{file}: {problem}", inner)
{
    public string File { get; } = file;
}
