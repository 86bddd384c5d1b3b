using System.CommandLine;
using Estafeta.Config;

namespace Estafeta.Host.Commands;

/// <summary>`estafeta config`: postconf(1) for Estafeta.</summary>
internal static class ConfigCommand
{
    public static Command Build()
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var nonDefault = new Option<bool>("-n") { Description = "Show only parameters set in main.cf (postconf -n)." };
        var defaults = new Option<bool>("-d") { Description = "Show default values instead of the values in force (postconf -d)." };
        var expand = new Option<bool>("-x") { Description = "Expand $name references in values (postconf -x)." };
        var names = new Argument<string[]>("NAME")
        {
            Description = "Parameters to show (default: all).",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("config", "Print configuration parameters as postconf does (-n set ones, -d defaults).")
        {
            configDirectory, nonDefault, defaults, expand, names,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(nonDefault) && result.GetValue(defaults))
            {
                result.AddError("-n and -d cannot be used together");
            }
        });
        command.SetAction(parseResult => Run(
            parseResult.GetValue(configDirectory),
            parseResult.GetValue(nonDefault) ? PostconfMode.NonDefault
                : parseResult.GetValue(defaults) ? PostconfMode.Defaults
                : PostconfMode.Effective,
            parseResult.GetValue(expand),
            parseResult.GetValue(names) ?? [],
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string? configDirectory, PostconfMode mode, bool expand, string[] names, TextWriter output, TextWriter error)
    {
        MainConfig main;
        try
        {
            main = configDirectory is null
                ? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main
                : ConfigurationLoader.Load(configDirectory).Main;
        }
        catch (ConfigException e)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }
        catch (IOException e)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }

        var known = new List<string>(names.Length);
        foreach (var name in names)
        {
            if (ParameterRegistry.TryGet(name, out _) || main.IsSet(name))
            {
                known.Add(name);
            }
            else
            {
                error.WriteLine($"estafeta: warning: {name}: unknown parameter");
            }
        }

        if (names.Length > 0 && known.Count == 0)
        {
            return 0;
        }

        // As postconf, -n with -c DIR also prints "config_directory = DIR" (postconf does that too).
        foreach (var line in PostconfPrinter.Lines(main, mode, known, expand))
        {
            output.WriteLine(line);
        }

        return 0;
    }
}
