namespace Estafeta.Config;

/// <summary>main.cf and master.cf as loaded; <see cref="ConfigDirectory"/> is null for the embedded default.</summary>
public sealed record LoadedConfiguration(MainConfig Main, MasterConfig Master, string? ConfigDirectory);
