namespace Estafeta.MailLog;

/// <summary>Turns a logger category into the Postfix component name shown in the log line.</summary>
internal static class ComponentName
{
    /// <summary>
    /// "smtpd" stays "smtpd"; a .NET type name such as "Estafeta.Smtpd.SmtpSession" becomes its last
    /// segment lower-cased ("smtpsession"), so a log line never carries a namespace.
    /// </summary>
    public static string FromCategory(string category)
    {
        var dot = category.LastIndexOf('.');
        if (dot < 0)
        {
            return category;
        }

        var last = category[(dot + 1)..];
        return last.Length == 0 ? category : last.ToLowerInvariant();
    }

    /// <summary>The framework's own chatter (hosting lifetime, DI) stays out of the mail log unless it is a warning.</summary>
    public static bool IsFramework(string category) =>
        category.StartsWith("Microsoft.", StringComparison.Ordinal) || category == "Microsoft";
}
