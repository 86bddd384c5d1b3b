namespace Estafeta.Config;

/// <summary>Something in the configuration that works but deserves a look (e.g. an unknown parameter).</summary>
public sealed record ConfigWarning(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}, line {Line}: {Message}" : $"{File}: {Message}";
}
