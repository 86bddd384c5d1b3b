namespace Estafeta.Pickup;

/// <summary>Ends a sendmail run: "sendmail: fatal: MESSAGE" on stderr and this exit status (Postfix's msg_fatal_status).</summary>
internal sealed class SendmailFatalException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
