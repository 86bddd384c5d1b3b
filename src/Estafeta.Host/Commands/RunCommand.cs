using System.CommandLine;
using Estafeta.Host.Daemon;

namespace Estafeta.Host.Commands;

/// <summary>`estafeta run`: the mail server in the foreground.</summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        configDirectory.Description =
            "Read CONFDIR/main.cf and CONFDIR/master.cf. Without -c: the embedded default, which needs no files "
            + "and no root: SMTP on 127.0.0.1:2525, state (queue, mail, log) under $ESTAFETA_STATE_DIR, "
            + "else $XDG_STATE_HOME/estafeta, else ~/.local/state/estafeta.";
        var overrides = new Option<string[]>("-o")
        {
            Description = "Override a main.cf parameter, e.g. -o smtpd_banner='$myhostname ESMTP' (repeatable).",
            HelpName = "name=value",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var listen = new Option<string?>("--listen")
        {
            Description = "Embedded default only: listen on HOST:PORT instead of 127.0.0.1:2525 (port 0 = any free port).",
            HelpName = "HOST:PORT",
        };

        var command = new Command(
            "run",
            "Run the mail server in the foreground (SIGTERM or Ctrl-C stops it, SIGHUP reloads main.cf and master.cf).")
        {
            configDirectory, overrides, listen,
        };
        command.SetAction((parseResult, cancellationToken) => DaemonRunner.RunAsync(
            parseResult.GetValue(configDirectory),
            parseResult.GetValue(overrides) ?? [],
            parseResult.GetValue(listen),
            parseResult.InvocationConfiguration.Output));
        return command;
    }
}
