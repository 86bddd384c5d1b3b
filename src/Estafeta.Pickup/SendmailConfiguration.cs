// Which main.cf a sendmail run reads, and the parameters it takes from it. Shared by the host's `estafeta sendmail`
// and the native estafeta-sendmail, so both find the same configuration the same way.
// Trusts: -C, $MAIL_CONFIG and the files they name. Must never: fall back silently to the embedded default when a
// named configuration is unreadable (that would queue mail where no daemon looks).
using Estafeta.Config;

namespace Estafeta.Pickup;

/// <summary>The configuration of one sendmail run: where it came from and what sendmail needs of it.</summary>
public sealed record SendmailConfiguration(string? ConfigDirectory, MainConfig Main, SendmailSettings Settings)
{
    /// <summary>Where a system-wide installation keeps main.cf and master.cf.</summary>
    public const string SystemConfigDirectory = "/etc/estafeta";

    /// <summary>Loads the configuration, or writes "NAME: fatal: REASON" to <paramref name="error"/> and returns null
    /// (the caller then exits with <see cref="SysExits.Config"/>, EX_CONFIG).</summary>
    public static async Task<SendmailConfiguration?> LoadOrReportAsync(string programName, IReadOnlyList<string> args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return Load(args, Environment.GetEnvironmentVariable);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync($"{programName}: fatal: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Loads the configuration named by the arguments and environment (see <see cref="FindDirectory"/>).</summary>
    /// <exception cref="ConfigException">The configuration cannot be read or is invalid.</exception>
    public static SendmailConfiguration Load(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var directory = FindDirectory(args, environment);
        var main = directory is null
            ? ConfigurationLoader.Embedded(StateDirectory.Resolve(environment)).Main
            : ConfigurationLoader.Load(directory).Main;
        var settings = new SendmailSettings
        {
            QueueDirectory = main.Get("queue_directory"),
            MessageSizeLimit = main.GetSize("message_size_limit"),
            HeaderSizeLimit = (int)main.GetInt("header_size_limit"),
        };
        return new SendmailConfiguration(directory, main, settings);
    }

    /// <summary>-C DIR, else $MAIL_CONFIG, else /etc/estafeta when it has a main.cf, else null (the embedded default).</summary>
    public static string? FindDirectory(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        if (SendmailArguments.FindConfigDirectory(args) is { } fromArgument)
        {
            return fromArgument;
        }

        if (environment("MAIL_CONFIG") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        return File.Exists(Path.Combine(SystemConfigDirectory, "main.cf")) ? SystemConfigDirectory : null;
    }
}
