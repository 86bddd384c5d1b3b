// estafeta, the one executable: `run` (the daemon, like Postfix's master), `config` (postconf), `queue` (mailq, postcat),
// `aliases` (newaliases), and `sendmail` — also under the names sendmail, mailq and newaliases when linked so.
// Trusts: its command line and the configuration it is pointed at. Must never: exit with a stack trace for
// a usage or configuration error (one "estafeta: fatal: ..." line and exit 1), nor start half-bound.
using Estafeta.Host.Commands;
using Estafeta.Pickup;

// The sendmail family skips System.CommandLine: it must start fast (bsd-mailx runs it once per message).
var invokedAs = InvokedProgramName.Get();
if (InvokedProgramName.IsSendmailName(invokedAs))
{
    return await SendmailEntry.RunAsync(invokedAs, args);
}

if (args.Length > 0 && InvokedProgramName.IsSendmailName(args[0]))
{
    return await SendmailEntry.RunAsync(args[0], args[1..]);
}

return await EstafetaCommandLine.Build().Parse(args).InvokeAsync();
