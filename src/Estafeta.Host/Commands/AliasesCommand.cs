// `estafeta aliases [FILE]` (and the name newaliases): checks aliases(5) files as newaliases would build them.
// Estafeta reads the text file directly (no .db to rebuild), so this only reports problems, with line numbers.
using System.CommandLine;
using Estafeta.Aliases;
using Estafeta.Config;

namespace Estafeta.Host.Commands;

internal static class AliasesCommand
{
    public static Command Build()
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var files = new Argument<string[]>("FILE") { Description = "Alias files to check (default: the files of alias_database).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("aliases", "Check alias files as newaliases does; Estafeta reads them directly, so there is nothing to rebuild.")
        {
            configDirectory,
            files,
        };
        command.SetAction(parseResult =>
        {
            var paths = parseResult.GetValue(files) ?? [];
            if (paths.Length > 0)
            {
                return Report(paths, "estafeta aliases", parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            }

            try
            {
                var dir = parseResult.GetValue(configDirectory);
                var main = dir is null ? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main : ConfigurationLoader.Load(dir).Main;
                return Check(main, "estafeta aliases", parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            }
            catch (ConfigException e)
            {
                return EstafetaCommandLine.Fatal(e.Message);
            }
        });
        return command;
    }

    /// <summary>Checks every file named by alias_database (hash:, btree:, lmdb: and plain paths); 0 when all are clean.</summary>
    public static int Check(MainConfig main, string program, TextWriter output, TextWriter error) =>
        Report([.. main.GetList("alias_database").Select(FilePart).OfType<string>()], program, output, error);

    private static int Report(IReadOnlyList<string> paths, string program, TextWriter output, TextWriter error)
    {
        var failed = false;
        foreach (var path in paths)
        {
            var problems = AliasFileChecker.Check(path);
            foreach (var problem in problems)
            {
                error.WriteLine(problem.Format(program));
                failed |= problem.Severity != AliasProblemSeverity.Warning;
            }

            if (problems.Count == 0)
            {
                output.WriteLine($"{program}: {path}: ok");
            }
        }

        return failed ? 1 : 0;
    }

    /// <summary>"hash:/etc/aliases" → "/etc/aliases"; types that are not files (nis:, ldap:, ...) → null.</summary>
    private static string? FilePart(string table)
    {
        var colon = table.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return table;
        }

        var type = table[..colon];
        return type is "hash" or "btree" or "lmdb" or "dbm" or "cdb" or "sdbm" or "texthash" ? table[(colon + 1)..] : null;
    }
}
