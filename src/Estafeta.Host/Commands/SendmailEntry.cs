// sendmail, mailq and newaliases: the same executable under Postfix's names (or `estafeta sendmail ...`).
// Trusts: the kernel for who the user is; the configuration named by -C, $MAIL_CONFIG or /etc/estafeta.
// Must never: pull in the daemon's machinery (DI, hosting, System.CommandLine) on this path: bsd-mailx starts it
// once per message, so its start-up time is the user's wait.
using Estafeta.Config;
using Estafeta.Pickup;

namespace Estafeta.Host.Commands;

internal static class SendmailEntry
{
    /// <summary>Where a system-wide installation keeps main.cf and master.cf.</summary>
    public const string SystemConfigDirectory = "/etc/estafeta";

    public static async Task<int> RunAsync(string programName, string[] args)
    {
        var name = Path.GetFileName(programName);
        MainConfig main;
        string? configDirectory;
        try
        {
            configDirectory = ConfigDirectory(args, Environment.GetEnvironmentVariable);
            main = configDirectory is null
                ? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main
                : ConfigurationLoader.Load(configDirectory).Main;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"{name}: fatal: {e.Message}");
            return 78; // EX_CONFIG
        }

        var environment = new SendmailEnvironment
        {
            Settings = new SendmailSettings
            {
                QueueDirectory = main.Get("queue_directory"),
                MessageSizeLimit = main.GetSize("message_size_limit"),
                HeaderSizeLimit = (int)main.GetInt("header_size_limit"),
            },
            Verifier = new RecipientVerifier(main),
        };
        var status = await SendmailProgram.RunAsync(name, args, environment);
        return status switch
        {
            SendmailProgram.ShowQueueRequested => await QueueCommand.Build().Parse(WithConfig(["list"], configDirectory)).InvokeAsync(),
            SendmailProgram.NewAliasesRequested => AliasesCommand.Check(main, "newaliases", Console.Out, Console.Error),
            _ => status,
        };
    }

    /// <summary>-C DIR, else $MAIL_CONFIG, else /etc/estafeta when it has a main.cf, else null (the embedded default).</summary>
    internal static string? ConfigDirectory(string[] args, Func<string, string?> environment)
    {
        if (SendmailProgram.FindConfigDirectory(args) is { } fromArgument)
        {
            return fromArgument;
        }

        if (environment("MAIL_CONFIG") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        return File.Exists(Path.Combine(SystemConfigDirectory, "main.cf")) ? SystemConfigDirectory : null;
    }

    private static string[] WithConfig(string[] args, string? configDirectory) =>
        configDirectory is null ? args : [.. args, "-c", configDirectory];
}
