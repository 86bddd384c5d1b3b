using System.Globalization;
using System.Net;
using Estafeta.Core;

namespace Estafeta.Queue;

/// <summary>Client information and MAIL FROM parameters as "name=value" attribute records, and back.</summary>
internal static class QueueEnvelopeAttributes
{
    public static IEnumerable<(string Name, string Value)> From(ClientInfo client, Envelope envelope)
    {
        yield return (QueueAttributeNames.ClientAddress, client.Address.ToString());
        yield return (QueueAttributeNames.ClientPort, client.Port.ToString(CultureInfo.InvariantCulture));
        yield return (QueueAttributeNames.ClientName, client.Name);
        yield return (QueueAttributeNames.ReverseClientName, client.ReverseName);
        if (client.Helo is not null)
        {
            yield return (QueueAttributeNames.Helo, client.Helo);
        }

        yield return (QueueAttributeNames.Protocol, client.Protocol);
        if (client.SaslUser is not null)
        {
            yield return (QueueAttributeNames.SaslUser, client.SaslUser);
        }

        if (client.LocalUserId is { } uid)
        {
            yield return (QueueAttributeNames.LocalUserId, uid.ToString(CultureInfo.InvariantCulture));
        }

        if (envelope.DeclaredSize is { } size)
        {
            yield return (QueueAttributeNames.DeclaredSize, size.ToString(CultureInfo.InvariantCulture));
        }

        if (envelope.Body != BodyType.Unspecified)
        {
            yield return (QueueAttributeNames.Body, envelope.Body.ToString());
        }

        if (envelope.SmtpUtf8)
        {
            yield return (QueueAttributeNames.SmtpUtf8, "1");
        }

        if (envelope.Return != DsnReturn.Unspecified)
        {
            yield return (QueueAttributeNames.DsnReturn, envelope.Return.ToString());
        }

        if (envelope.EnvelopeId is not null)
        {
            yield return (QueueAttributeNames.EnvelopeId, envelope.EnvelopeId);
        }
    }

    /// <summary>Rebuilds the client from the attributes read back; throws QueueFormatException on nonsense.</summary>
    public static ClientInfo ToClient(IReadOnlyDictionary<string, string> attributes)
    {
        if (!attributes.TryGetValue(QueueAttributeNames.ClientAddress, out var addressText)
            || !IPAddress.TryParse(addressText, out var address))
        {
            throw new QueueFormatException("missing or bad client_address attribute");
        }

        return new ClientInfo
        {
            Address = address,
            Port = ParseInt(attributes, QueueAttributeNames.ClientPort) ?? 0,
            Name = attributes.GetValueOrDefault(QueueAttributeNames.ClientName, ClientInfo.UnknownName),
            ReverseName = attributes.GetValueOrDefault(QueueAttributeNames.ReverseClientName, ClientInfo.UnknownName),
            Helo = attributes.GetValueOrDefault(QueueAttributeNames.Helo),
            Protocol = attributes.GetValueOrDefault(QueueAttributeNames.Protocol, "SMTP"),
            SaslUser = attributes.GetValueOrDefault(QueueAttributeNames.SaslUser),
            LocalUserId = ParseInt(attributes, QueueAttributeNames.LocalUserId),
        };
    }

    public static Envelope ToEnvelope(string sender, IReadOnlyList<EnvelopeRecipient> recipients, IReadOnlyDictionary<string, string> attributes) => new()
    {
        Sender = sender,
        Recipients = recipients,
        DeclaredSize = attributes.TryGetValue(QueueAttributeNames.DeclaredSize, out var size)
            && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) ? declared : null,
        Body = ParseEnum(attributes, QueueAttributeNames.Body, BodyType.Unspecified),
        SmtpUtf8 = attributes.GetValueOrDefault(QueueAttributeNames.SmtpUtf8) == "1",
        Return = ParseEnum(attributes, QueueAttributeNames.DsnReturn, DsnReturn.Unspecified),
        EnvelopeId = attributes.GetValueOrDefault(QueueAttributeNames.EnvelopeId),
    };

    private static int? ParseInt(IReadOnlyDictionary<string, string> attributes, string name) =>
        attributes.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static T ParseEnum<T>(IReadOnlyDictionary<string, string> attributes, string name, T fallback)
        where T : struct, Enum =>
        attributes.TryGetValue(name, out var text) && Enum.TryParse<T>(text, out var value) ? value : fallback;
}
