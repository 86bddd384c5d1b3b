using System.Net;

namespace Estafeta.Smtpd;

/// <summary>Finds a client's name as Postfix does: the reverse name, kept only when a forward lookup confirms it.</summary>
public interface IClientNameResolver
{
    /// <returns>Name: the forward-confirmed name or "unknown"; ReverseName: what the reverse lookup said, or "unknown".</returns>
    ValueTask<(string Name, string ReverseName)> ResolveAsync(IPAddress address, CancellationToken ct);
}
