namespace Estafeta.Policy;

/// <summary>trivial-rewrite's address classes, as far as smtpd needs them.</summary>
internal enum AddressClass
{
    /// <summary>Delivered here: the domain is in mydestination or is one of our address literals.</summary>
    Local,

    /// <summary>A relay_domains destination.</summary>
    Relay,

    /// <summary>Anything else: relaying there needs an authorized client.</summary>
    Remote,
}
