using Estafeta.Config;

namespace Estafeta.Host.Daemon;

/// <summary>The configuration in force; replaced as a whole on a successful reload.</summary>
internal sealed class CurrentConfiguration(LoadedConfiguration initial)
{
    private volatile LoadedConfiguration _value = initial;

    public LoadedConfiguration Value
    {
        get => _value;
        set => _value = value;
    }
}
