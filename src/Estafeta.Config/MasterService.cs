namespace Estafeta.Config;

/// <summary>One master.cf entry. For inet services, <see cref="Host"/> and <see cref="Port"/> come from the service name.</summary>
public sealed record MasterService(
    string Name,
    string Type,
    string Private,
    string Unprivileged,
    string Chroot,
    string Wakeup,
    string MaxProcess,
    string Command,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<KeyValuePair<string, string>> Overrides,
    string SourceFile,
    int Line)
{
    public bool IsInet => Type == "inet";

    /// <summary>The host part of an inet service's [host:]port name; null means all of inet_interfaces.</summary>
    public string? Host { get; init; }

    /// <summary>The TCP port of an inet service; 0 for other types.</summary>
    public int Port { get; init; }
}
