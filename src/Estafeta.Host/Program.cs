// estafeta, the one executable: `run` (the daemon, like Postfix's master), `config` (postconf), `queue` (mailq, postcat).
// Trusts: its command line and the configuration it is pointed at. Must never: exit with a stack trace for
// a usage or configuration error (one "estafeta: fatal: ..." line and exit 1), nor start half-bound.
using Estafeta.Host.Commands;

return await EstafetaCommandLine.Build().Parse(args).InvokeAsync();
