// Postfix's lookup order for an address (mail_addr_find): which keys are asked, in which order.
// Trusts: the caller to pass a local part and domain that came out of an address parser.
// Must never: ask the bare local part for a domain that is not ours (user@remote must not match "user").
namespace Estafeta.Tables;

/// <summary>Looks an address up in a list of tables the way Postfix does for aliases, recipient and canonical maps.</summary>
public static class AddressLookup
{
    /// <summary>
    /// Keys, each asked of every table before the next key: user+ext@domain, user@domain, then for a
    /// local domain (or no domain) user+ext, user, then @domain. <paramref name="recipientDelimiter"/>
    /// holds the delimiter characters (any one of them starts the extension); null or empty for none.
    /// </summary>
    /// <returns>The first value found, or null.</returns>
    public static string? Find(IReadOnlyList<ILookupTable> tables, string localPart, string domain, bool domainIsLocal, string? recipientDelimiter)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var key in Keys(localPart, domain, domainIsLocal, recipientDelimiter))
        {
            foreach (var table in tables)
            {
                var value = table.Lookup(key);
                if (value is not null)
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>The keys <see cref="Find"/> asks, in order, lower-cased, without duplicates.</summary>
    public static IReadOnlyList<string> Keys(string localPart, string domain, bool domainIsLocal, string? recipientDelimiter)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        ArgumentNullException.ThrowIfNull(domain);
        var user = localPart.ToLowerInvariant();
        domain = domain.ToLowerInvariant();
        var bare = WithoutExtension(user, recipientDelimiter);
        var keys = new List<string>(5);
        if (domain.Length > 0)
        {
            keys.Add($"{user}@{domain}");
            if (bare != user)
            {
                keys.Add($"{bare}@{domain}");
            }
        }

        if (domain.Length == 0 || domainIsLocal)
        {
            keys.Add(user);
            if (bare != user)
            {
                keys.Add(bare);
            }
        }

        if (domain.Length > 0)
        {
            keys.Add($"@{domain}");
        }

        return keys;
    }

    /// <summary>
    /// aliases(5) lookups as local(8) does them: by local part only ("user+ext", then "user"), never by
    /// domain. The keys are lower-cased; the first table that has a key wins.
    /// </summary>
    public static string? FindAlias(IReadOnlyList<ILookupTable> tables, string localPart, string? recipientDelimiter)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(localPart);
        var user = localPart.ToLowerInvariant();
        var bare = WithoutExtension(user, recipientDelimiter);
        foreach (var key in bare == user ? [user] : (string[])[user, bare])
        {
            foreach (var table in tables)
            {
                if (table.Lookup(key) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>"user+ext" → "user" (Postfix leaves a local part that starts with the delimiter alone).</summary>
    public static string WithoutExtension(string localPart, string? recipientDelimiter)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        if (string.IsNullOrEmpty(recipientDelimiter))
        {
            return localPart;
        }

        var index = localPart.AsSpan().IndexOfAny(recipientDelimiter);
        return index > 0 ? localPart[..index] : localPart;
    }
}
