namespace Estafeta.Delivery.Smtp;

/// <summary>The connection to the server broke (closed, reset, unreadable reply) or an operation timed out.
/// The session turns it into Postfix's "lost connection with H[IP] while ..." or "conversation with H[IP] timed out while ...".</summary>
internal sealed class SmtpConnectionException : Exception
{
    public SmtpConnectionException(bool timedOut, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        TimedOut = timedOut;
    }

    public SmtpConnectionException()
    {
    }

    public SmtpConnectionException(string message)
        : base(message)
    {
    }

    public SmtpConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool TimedOut { get; }
}
