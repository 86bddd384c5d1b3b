namespace Estafeta.Host.Listening;

/// <summary>A listening address that cannot be used: one line naming the address and the reason.</summary>
internal sealed class ListenerException(string message) : Exception(message);
