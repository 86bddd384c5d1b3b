using System.Collections.Frozen;

namespace Estafeta.Config;

/// <summary>
/// Names that Postfix fills in at run time (per service, per delivery), so a reference to them in main.cf or
/// master.cf is not an undefined parameter.
/// </summary>
internal static class RuntimeNames
{
    public static readonly FrozenSet<string> All = new[]
    {
        "service_name", "process_name", "process_id", "multi_instance_name", "stress", "mail_version",
        "home", "user", "shell", "extension", "recipient", "original_recipient", "domain", "local", "mailbox",
        "nexthop", "sender", "size", "queue_id", "client_address", "client_hostname", "client_port",
        "client_protocol", "client_helo", "sasl_method", "sasl_username", "sasl_sender",
    }.ToFrozenSet(StringComparer.Ordinal);
}
