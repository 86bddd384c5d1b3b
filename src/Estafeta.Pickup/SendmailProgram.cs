// sendmail(1), mailq, newaliases: Postfix's command-line interface for submitting mail and its relatives.
// Trusts: the kernel for who the user is (getuid, and the owner it gives the drop file); nothing on stdin.
// Must never: exit 0 before the drop file is durable under its final name, leave a partial drop file
// behind, or take the submitting user from the environment. Start-up is kept lean (no DI, no reflection).
namespace Estafeta.Pickup;

/// <summary>The entry point the host calls for `estafeta sendmail ...` and for the names sendmail, mailq and newaliases.</summary>
public static class SendmailProgram
{
    /// <summary>Returned for -bp and the name mailq: the host runs its queue listing (`estafeta queue list`).</summary>
    public const int ShowQueueRequested = -100;

    /// <summary>Returned for -bi, -I and the name newaliases: the host runs `estafeta aliases`.</summary>
    public const int NewAliasesRequested = -101;

    /// <summary>The -C argument (CONFDIR, or CONFDIR/main.cf), found before the run as Postfix does, so the host
    /// can load that configuration; null without -C (then $MAIL_CONFIG, /etc/estafeta, the embedded default).</summary>
    public static string? FindConfigDirectory(string[] args) => SendmailArguments.FindConfigDirectory(args);

    /// <summary>True when the run asks for what only the full `estafeta` executable does (-bp or mailq, -bi or
    /// newaliases, -bv): the native estafeta-sendmail hands those over. A command line that does not parse is not
    /// handed over: the run itself reports the usage error.</summary>
    public static bool NeedsFullHost(string programName, IReadOnlyList<string> args)
    {
        try
        {
            var options = SendmailArguments.Parse(Path.GetFileName(programName), args);
            return options.Mode is SendmailMode.ShowQueue or SendmailMode.NewAliases
                || options is { Mode: SendmailMode.Enqueue, Verify: true, QueueIntervalOnly: false, FlushRequested: false };
        }
        catch (SendmailFatalException)
        {
            return false;
        }
    }

    /// <param name="programName">The name as invoked ("sendmail", "mailq", "newaliases"; a path is reduced to its last part).</param>
    /// <param name="args">The arguments after the program name (for `estafeta sendmail`, after "sendmail").</param>
    /// <param name="env">Configuration, streams and host services.</param>
    /// <returns>A sysexits status, or <see cref="ShowQueueRequested"/> / <see cref="NewAliasesRequested"/>.</returns>
    public static async Task<int> RunAsync(string programName, string[] args, SendmailEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        var name = Path.GetFileName(programName);
        try
        {
            var options = SendmailArguments.Parse(name, args);
            foreach (var warning in options.Warnings)
            {
                await env.Error.WriteLineAsync($"{name}: warning: {warning}").ConfigureAwait(false);
            }

            return options.Mode switch
            {
                SendmailMode.ShowQueue => NoRecipients(options, "display queue mode requires no recipient", ShowQueueRequested),
                SendmailMode.NewAliases => NoRecipients(options, "alias initialization mode requires no recipient", NewAliasesRequested),
                SendmailMode.FlushQueue => Flush(NoRecipients(options, "flush queue mode requires no recipient", 0), env),
                SendmailMode.Daemon => throw new SendmailFatalException(SysExits.Usage, "-bd is not supported: start the server with 'estafeta run'"),
                SendmailMode.StandAloneSmtp => throw new SendmailFatalException(SysExits.Usage, "-bs is not supported yet: talk SMTP to the server's port"),
                SendmailMode.Ignore => SysExits.Ok,
                _ => await EnqueueModeAsync(options, env).ConfigureAwait(false),
            };
        }
        catch (SendmailFatalException e)
        {
            await env.Error.WriteLineAsync($"{name}: fatal: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
    }

    private static async Task<int> EnqueueModeAsync(SendmailOptions options, SendmailEnvironment env)
    {
        if (options.QueueIntervalOnly)
        {
            return SysExits.Ok;
        }

        if (options.FlushRequested)
        {
            return Flush(NoRecipients(options, "flush site requires no recipient", 0), env);
        }

        return options.Verify
            ? await VerifyAsync(options, env).ConfigureAwait(false)
            : SendmailSubmission.Enqueue(options, env);
    }

    private static int NoRecipients(SendmailOptions options, string message, int result) =>
        options.Recipients.Count > 0 ? throw new SendmailFatalException(SysExits.Usage, message) : result;

    // postqueue -f's answer when the mail system is down.
    private static int Flush(int status, SendmailEnvironment env) =>
        PickupTrigger.TrySend(env.Settings.QueueDirectory, PickupTrigger.FlushCommand)
            ? status
            : throw new SendmailFatalException(SysExits.Unavailable, "Cannot flush mail queue - mail system is down");

    private static async Task<int> VerifyAsync(SendmailOptions options, SendmailEnvironment env)
    {
        var verifier = env.Verifier
            ?? throw new SendmailFatalException(SysExits.Unavailable, "-bv: recipient verification is not available");
        var addresses = options.Recipients.SelectMany(AddressList.Parse).Where(a => a.Length > 0).ToList();
        if (addresses.Count == 0)
        {
            throw new SendmailFatalException(SysExits.Usage, "Recipient addresses must be specified on the command line or via the -t option");
        }

        var status = SysExits.Ok;
        foreach (var address in addresses)
        {
            var result = await verifier.VerifyAsync(address, CancellationToken.None).ConfigureAwait(false);
            var line = result.Deliverable
                ? $"{address}: deliverable via {result.Transport} ({result.Detail})"
                : $"{address}: undeliverable ({result.Detail})";
            await env.Output.WriteLineAsync(line).ConfigureAwait(false);
            if (!result.Deliverable)
            {
                status = SysExits.NoUser;
            }
        }

        return status;
    }
}
