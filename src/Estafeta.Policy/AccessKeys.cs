// The keys check_{client,helo,sender,recipient}_access ask, in Postfix's order.
// Trusts: addresses that went through the address parser. Must never: ask a key built from
// an unparsed client string.
using Estafeta.Core;
using Estafeta.Core.Addresses;
using Estafeta.Tables;

namespace Estafeta.Policy;

internal static class AccessKeys
{
    /// <summary>Postfix's smtpd_null_access_lookup_key.</summary>
    public const string NullSenderKey = "<>";

    /// <summary>user+ext@domain, user@domain, domain and its parents, user+ext@, user@.</summary>
    public static List<string> ForAddress(SmtpAddress address, string? recipientDelimiter)
    {
        if (address.IsNull)
        {
            return [NullSenderKey];
        }

        var user = address.LocalPart.ToLowerInvariant();
        var bare = AddressLookup.WithoutExtension(user, recipientDelimiter);
        var keys = new List<string>();
        if (!address.HasDomain)
        {
            keys.Add(user);
            AddIfNew(keys, bare);
        }
        else
        {
            keys.Add($"{user}@{address.Domain}");
            AddIfNew(keys, $"{bare}@{address.Domain}");
            keys.AddRange(ForDomain(address.Domain));
        }

        AddIfNew(keys, user + "@");
        AddIfNew(keys, bare + "@");
        return keys;
    }

    /// <summary>sub.example.com, then example.com and .example.com, then com and .com
    /// (smtpd_access_maps is in parent_domain_matches_subdomains by default).</summary>
    public static List<string> ForDomain(string domain)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var keys = new List<string> { domain };
        if (domain.StartsWith('['))
        {
            return keys;
        }

        for (var dot = domain.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            keys.Add(domain[(dot + 1)..]);
            keys.Add(domain[dot..]);
        }

        return keys;
    }

    /// <summary>The verified host name and its parents, the address, then shorter network prefixes (1.2.3, 1.2, 1).</summary>
    public static List<string> ForClient(ClientInfo client)
    {
        var keys = new List<string>();
        if (!string.Equals(client.Name, ClientInfo.UnknownName, StringComparison.Ordinal))
        {
            keys.AddRange(ForDomain(client.Name));
        }

        var address = client.AddressText;
        keys.Add(address);
        var separator = address.Contains(':', StringComparison.Ordinal) ? ':' : '.';
        for (var cut = address.LastIndexOf(separator); cut > 0; cut = address.LastIndexOf(separator, cut - 1))
        {
            var prefix = address[..cut].TrimEnd(':');
            if (prefix.Length > 0)
            {
                AddIfNew(keys, prefix);
            }
        }

        return keys;
    }

    private static void AddIfNew(List<string> keys, string key)
    {
        if (!keys.Contains(key))
        {
            keys.Add(key);
        }
    }
}
