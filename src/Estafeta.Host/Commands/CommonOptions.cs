using System.CommandLine;

namespace Estafeta.Host.Commands;

/// <summary>Options shared by several commands, spelled as Postfix spells them.</summary>
internal static class CommonOptions
{
    public static Option<string?> ConfigDirectory() => new("-c", "--config-directory")
    {
        Description = "Read main.cf and master.cf from this folder (like postfix -c). Without it: the embedded default.",
        HelpName = "CONFDIR",
    };
}
