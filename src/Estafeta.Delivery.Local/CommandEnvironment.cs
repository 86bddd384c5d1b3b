namespace Estafeta.Delivery.Local;

/// <summary>The environment local(8) gives a "|command": nothing inherited but TZ, PATH reset, then the
/// recipient's attributes with every character outside command_expansion_filter replaced by '_'.</summary>
internal static class CommandEnvironment
{
    public const string DefaultPath = "/usr/bin:/bin";

    public static Dictionary<string, string> Build(PipeTarget target, DeliveryRequest request, DeliveryRecipient recipient, LocalDeliverySettings settings)
    {
        var address = recipient.Address;
        var at = address.LastIndexOf('@');
        var local = at >= 0 ? address[..at] : address;
        var domain = at >= 0 ? address[(at + 1)..] : null;
        var (user, extension) = SplitExtension(local.ToLowerInvariant(), target.Extension, settings.RecipientDelimiter);

        var values = new List<(string Name, string? Value)>
        {
            ("HOME", target.RunAs.HomeDirectory),
            ("LOGNAME", user),
            ("USER", user),
            ("SENDER", request.Sender),
            ("RECIPIENT", address),
            ("LOCAL", local.ToLowerInvariant()),
            ("SHELL", target.RunAs.Shell),
            ("DOMAIN", domain),
            ("EXTENSION", extension),
            ("ORIGINAL_RECIPIENT", recipient.OriginalAddress ?? address),
        };
        if (request.Client is { } client)
        {
            values.Add(("CLIENT_HOSTNAME", client.Name));
            values.Add(("CLIENT_ADDRESS", client.AddressText));
            values.Add(("CLIENT_HELO", client.Helo));
            values.Add(("CLIENT_PROTOCOL", client.Protocol));
            values.Add(("SASL_USERNAME", client.SaslUser));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Environment.GetEnvironmentVariable("TZ") is { } tz)
        {
            environment["TZ"] = tz;
        }

        environment["PATH"] = DefaultPath;
        foreach (var (name, value) in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                environment[name] = Censor(value, settings.CommandExpansionFilter);
            }
        }

        return environment;
    }

    private static (string User, string? Extension) SplitExtension(string local, string? extension, string delimiters)
    {
        if (extension is { Length: > 0 } && local.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && local.Length > extension.Length)
        {
            return (local[..(local.Length - extension.Length - 1)], extension);
        }

        var cut = delimiters.Length > 0 ? local.IndexOfAny(delimiters.ToCharArray()) : -1;
        return cut > 0 ? (local[..cut], local[(cut + 1)..]) : (local, extension);
    }

    private static string Censor(string value, string allowed) =>
        string.Create(value.Length, (value, allowed), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.value[i];
                span[i] = state.allowed.Contains(c, StringComparison.Ordinal) ? c : '_';
            }
        });
}
