namespace Estafeta.Aliases;

/// <summary>Postfix's split_addr(): "user+ext" → ("user", "ext") with recipient_delimiter "+".</summary>
internal static class RecipientDelimiter
{
    /// <summary>Splits at the first of the delimiter characters. postmaster, mailer-daemon, and (with
    /// owner_request_special) owner-NAME and NAME-request are never split, so "-" can be a delimiter.</summary>
    public static (string User, string? Extension, string? DelimiterUsed) Split(string local, string delimiters, bool ownerRequestSpecial)
    {
        if (delimiters.Length == 0 || local.Length == 0
            || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
            || local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || ownerRequestSpecial && (local.StartsWith("owner-", StringComparison.OrdinalIgnoreCase)
                || local.Length > "-request".Length && local.EndsWith("-request", StringComparison.OrdinalIgnoreCase)))
        {
            return (local, null, null);
        }

        var index = local.IndexOfAny(delimiters.ToCharArray());
        return index <= 0 ? (local, null, null) : (local[..index], local[(index + 1)..], local[index].ToString());
    }
}
