using Microsoft.Extensions.Logging;

namespace Estafeta.Policy;

/// <summary>Policy's log lines, in Postfix's words (category "smtpd", as smtpd_check runs inside smtpd).</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "unknown smtpd restriction: \"{Name}\"")]
    public static partial void UnknownRestriction(ILogger logger, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "restriction \"{Name}\" needs a type:table argument")]
    public static partial void MissingTable(ILogger logger, string name);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Table} lookup error for \"{Key}\": {Reason}")]
    public static partial void LookupError(ILogger logger, string table, string key, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "access table {Table}: action \"{Action}\" is not supported; ignored")]
    public static partial void UnsupportedAction(ILogger logger, string table, string action);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains")]
    public static partial void NoRelayGuard(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "restriction class nesting too deep at \"{Name}\"")]
    public static partial void NestingTooDeep(ILogger logger, string name);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "restriction reject_sender_login_mismatch requires that parameter smtpd_sender_login_maps is set")]
    public static partial void MissingSenderLoginMaps(ILogger logger);
}
