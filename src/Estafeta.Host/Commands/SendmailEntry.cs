// sendmail, mailq and newaliases: the same executable under Postfix's names (or `estafeta sendmail ...`).
// The native estafeta-sendmail (src/Estafeta.Sendmail) is the fast path for submission and hands -bp, -bi and -bv
// over to this one. Trusts: the kernel for who the user is; the configuration named by -C, $MAIL_CONFIG or
// /etc/estafeta. Must never: pull in the daemon's machinery (DI, hosting, System.CommandLine) before it knows the
// run needs it: bsd-mailx starts sendmail once per message, so its start-up time is the user's wait.
using Estafeta.Pickup;

namespace Estafeta.Host.Commands;

internal static class SendmailEntry
{
    public static async Task<int> RunAsync(string programName, string[] args)
    {
        var name = Path.GetFileName(programName);
        if (await SendmailConfiguration.LoadOrReportAsync(name, args, Console.Error) is not { } configuration)
        {
            return SysExits.Config;
        }

        var environment = new SendmailEnvironment
        {
            Settings = configuration.Settings,
            Verifier = new RecipientVerifier(configuration.Main),
        };
        var status = await SendmailProgram.RunAsync(name, args, environment);
        return status switch
        {
            SendmailProgram.ShowQueueRequested => await QueueCommand.Build().Parse(WithConfig(["list"], configuration.ConfigDirectory)).InvokeAsync(),
            SendmailProgram.NewAliasesRequested => AliasesCommand.Check(configuration.Main, "newaliases", Console.Out, Console.Error),
            _ => status,
        };
    }

    private static string[] WithConfig(string[] args, string? configDirectory) =>
        configDirectory is null ? args : [.. args, "-c", configDirectory];
}
