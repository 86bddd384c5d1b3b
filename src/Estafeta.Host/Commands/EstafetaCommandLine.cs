using System.CommandLine;
using System.CommandLine.Invocation;

namespace Estafeta.Host.Commands;

/// <summary>The `estafeta` command line: one executable, one subcommand per job.</summary>
internal static class EstafetaCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Estafeta, a Postfix-compatible mail server. Run 'estafeta COMMAND --help' for a command's options.");
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(ConfigCommand.Build());
        root.Subcommands.Add(QueueCommand.Build());
        root.Subcommands.Add(AliasesCommand.Build());
        root.Subcommands.Add(TlsCommand.Build());
        root.Subcommands.Add(PasswdCommand.Build());

        // "estafeta 0.1.0", not the bare assembly version with a commit hash.
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new PrintVersionAction();
            }
        }

        return root;
    }

    /// <summary>Prints one "estafeta: fatal: ..." line on stderr and gives the exit code for it.</summary>
    public static int Fatal(string message)
    {
        Console.Error.WriteLine("estafeta: fatal: " + message);
        return 1;
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine("estafeta " + EstafetaVersion.Number);
            return 0;
        }
    }
}
