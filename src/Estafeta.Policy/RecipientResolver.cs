// Decides where an address really goes, as Postfix's trivial-rewrite resolve_addr() does.
// Trusts: Destinations for what is ours. Must never: let a routing trick (%, !, "quoted@", source
// route, trailing dot) turn an off-site destination into a local one or hide it from the relay check.
using Estafeta.Core.Addresses;

namespace Estafeta.Policy;

internal sealed class RecipientResolver(PolicySettings settings, Destinations destinations)
{
    // Each round strips one local domain or one routing operator; an address of 256 octets cannot need more.
    private const int MaxRounds = 300;

    private readonly string _myOrigin = (settings.MyOrigin ?? settings.MyHostname).ToLowerInvariant();

    public ResolvedRecipient Resolve(SmtpAddress address)
    {
        var localPart = address.LocalPart;
        var domain = address.Domain;
        var localDomain = default(string);
        var routed = false;
        var appendedOrigin = false;
        for (var round = 0; round < MaxRounds; round++)
        {
            domain = domain.TrimEnd('.').ToLowerInvariant();
            if (domain.Length > 0)
            {
                if (!destinations.IsLocal(domain))
                {
                    break;
                }

                // "@local" is stripped; what is left of the local part may still route elsewhere.
                localDomain = domain;
                domain = string.Empty;
                continue;
            }

            if (settings.ResolveDequotedAddress && localPart.LastIndexOf('@') is var at and >= 0)
            {
                // "user@remote"@local: looking inside the quotes is the safe reading.
                (localPart, domain) = (localPart[..at], localPart[(at + 1)..]);
                routed = true;
            }
            else if (settings.SwapBangpath && localPart.IndexOf('!', StringComparison.Ordinal) is var bang and > 0)
            {
                // site!user → user@site.
                (localPart, domain) = (localPart[(bang + 1)..], localPart[..bang]);
                routed = true;
            }
            else if (settings.AllowPercentHack && localPart.LastIndexOf('%') is var percent and >= 0)
            {
                // user%site → user@site.
                (localPart, domain) = (localPart[..percent], localPart[(percent + 1)..]);
                routed = true;
            }
            else if (localDomain is null && !appendedOrigin)
            {
                // A bare "user" is user@$myorigin.
                domain = _myOrigin;
                appendedOrigin = true;
            }
            else
            {
                break;
            }
        }

        if (domain.Length == 0)
        {
            return new ResolvedRecipient(localPart.Length == 0 ? "MAILER-DAEMON" : localPart, localDomain ?? _myOrigin, AddressClass.Local, routed);
        }

        // Routing operators left in a non-local local part also count as sender-specified routing.
        routed |= localPart.AsSpan().IndexOfAny("@%!") >= 0;
        return new ResolvedRecipient(localPart, domain, destinations.IsRelay(domain) ? AddressClass.Relay : AddressClass.Remote, routed);
    }
}
