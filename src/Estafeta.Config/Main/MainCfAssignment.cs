namespace Estafeta.Config;

/// <summary>One `name = value` of main.cf (or an override), with where it came from.</summary>
internal sealed record MainCfAssignment(string Name, string Value, string File, int Line);
