// estafeta-sendmail: Postfix's sendmail command line as a small native program, for /usr/sbin/sendmail. It only
// submits: it reads main.cf, writes the message into the maildrop folder and pokes the pickup service. For -bp
// (mailq), -bi (newaliases) and -bv it hands the run over to the full `estafeta` executable beside it.
// Trusts: the kernel for who the user is; the configuration named by -C, $MAIL_CONFIG or /etc/estafeta.
// Must never: exit 0 before the drop file is durable, or run anything but the `estafeta` it was installed with.
using Estafeta.Pickup;
using Estafeta.Sendmail;

var invokedAs = InvokedProgramName.Get();
var name = InvokedProgramName.IsSendmailName(invokedAs) ? invokedAs : "sendmail";
if (SendmailProgram.NeedsFullHost(name, args))
{
    return FullHost.Exec(name, args);
}

if (await SendmailConfiguration.LoadOrReportAsync(name, args, Console.Error) is not { } configuration)
{
    return SysExits.Config;
}

return await SendmailProgram.RunAsync(name, args, new SendmailEnvironment { Settings = configuration.Settings });
