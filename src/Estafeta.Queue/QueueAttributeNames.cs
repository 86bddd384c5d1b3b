namespace Estafeta.Queue;

/// <summary>Names of the "A" attribute records (Postfix's names where it has one).</summary>
internal static class QueueAttributeNames
{
    public const string ClientAddress = "client_address";
    public const string ClientPort = "client_port";
    public const string ClientName = "client_name";
    public const string ReverseClientName = "reverse_client_name";
    public const string Helo = "helo_name";
    public const string Protocol = "protocol_name";
    public const string SaslUser = "sasl_username";
    public const string LocalUserId = "local_uid";
    public const string DeclaredSize = "declared_size";
    public const string Body = "body_type";
    public const string SmtpUtf8 = "smtputf8";
    public const string DsnReturn = "dsn_ret";
    public const string EnvelopeId = "dsn_envid";
}
