namespace Estafeta.Delivery.Smtp;

/// <summary>A TCP connect failed; the message is the error text ("Connection refused", "Connection timed out").</summary>
internal sealed class SmtpConnectFailedException : Exception
{
    public SmtpConnectFailedException()
    {
    }

    public SmtpConnectFailedException(string message)
        : base(message)
    {
    }

    public SmtpConnectFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
