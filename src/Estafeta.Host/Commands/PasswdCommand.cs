// `estafeta passwd USER`: add or change a user's line in the AUTH password file, like doveadm pw + an editor.
// The password is read without echo from a terminal (twice), or as one line from stdin when that is not one.
// Must never: echo the password, print it, or write it anywhere but as a crypt(3) hash.
using System.CommandLine;
using System.Text;
using Estafeta.Auth;
using Estafeta.Config;

namespace Estafeta.Host.Commands;

internal static class PasswdCommand
{
    /// <param name="readPassword">Tests give the password here; null reads the terminal (or stdin).</param>
    public static Command Build(Func<string?>? readPassword = null)
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var user = new Argument<string>("USER") { Description = "The login name (often the e-mail address)." };
        var file = new Option<string?>("--file") { Description = "The password file (default: estafeta_sasl_password_file).", HelpName = "FILE" };
        var scheme = new Option<string>("--scheme")
        {
            Description = $"The hash scheme, as Dovecot names it: {string.Join(", ", PasswordSchemes.Names)}.",
            DefaultValueFactory = _ => PasswordSchemes.Default,
        };
        var command = new Command("passwd", "Set a user's AUTH password in the password file (asks twice, without echo).") { configDirectory, user, file, scheme };
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(user) ?? string.Empty;
            var schemeName = (parseResult.GetValue(scheme) ?? PasswordSchemes.Default).ToUpperInvariant();
            try
            {
                if (!PasswordSchemes.IsKnown(schemeName))
                {
                    return EstafetaCommandLine.Fatal($"unknown scheme {schemeName} (known: {string.Join(", ", PasswordSchemes.Names)})");
                }

                var path = parseResult.GetValue(file) ?? PasswordFilePath(parseResult.GetValue(configDirectory));
                var password = (readPassword ?? ReadPassword)();
                if (password is null)
                {
                    return EstafetaCommandLine.Fatal("the passwords do not match, or none was given");
                }

                PasswordFile.SetPassword(path, name, schemeName, CryptHasher.Hash(password, PasswordSchemes.CryptPrefix(schemeName)));
                parseResult.InvocationConfiguration.Output.WriteLine($"estafeta: password of {name} set in {path}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or ConfigException or InvalidOperationException)
            {
                return EstafetaCommandLine.Fatal(e.Message);
            }
        });
        return command;
    }

    private static string PasswordFilePath(string? configDirectory)
    {
        var main = configDirectory is null
            ? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main
            : ConfigurationLoader.Load(configDirectory).Main;
        return main.Get("estafeta_sasl_password_file");
    }

    /// <summary>Twice from a terminal without echo, or one line from redirected stdin; null when empty or different.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? null : line;
        }

        var first = ReadHidden("Password: ");
        var second = ReadHidden("Retype password: ");
        return first.Length > 0 && first == second ? first : null;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        for (var i = 0; i < 4096; i++)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (key.KeyChar != '\0')
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
