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

        // ConfigurationLoader records -c as a config_directory setting; postconf -n lists only what main.cf
        // itself sets, so that line is left out unless main.cf really has it.
        var hideConfigDirectory = mode == PostconfMode.NonDefault && names.Length == 0 && configDirectory is not null
            && !MainConfig.Load(Path.Combine(configDirectory, "main.cf")).IsSet("config_directory");
        foreach (var line in PostconfPrinter.Lines(main, mode, known, expand))
        {
            if (!(hideConfigDirectory && line.StartsWith("config_directory =", StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }
        }

        return 0;
    }
}
