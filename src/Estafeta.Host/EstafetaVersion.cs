namespace Estafeta.Host;

/// <summary>The version people see in --version and in the master's log lines.</summary>
internal static class EstafetaVersion
{
    // Kept in step with <Version> in Directory.Build.props; the assembly's informational version
    // carries a commit hash that does not belong in "daemon started -- version X".
    public const string Number = "0.1.0";
}
