using System.Globalization;
using System.Net.Sockets;
using Estafeta.Core;

namespace Estafeta.Cleanup;

/// <summary>The header text Cleanup adds, formatted exactly as Postfix does.</summary>
internal static class AddedHeaders
{
    // RFC 5322 specials (and the quote itself): a display name holding one of them must be quoted.
    private static readonly System.Buffers.SearchValues<char> PhraseSpecials = System.Buffers.SearchValues.Create("()<>[]:;@\\,.\"");

    /// <summary>The Received: header as physical lines (folded with a TAB, as Postfix writes it).</summary>
    public static IReadOnlyList<string> Received(ClientInfo client, Envelope envelope, string queueId, CleanupSettings settings, DateTimeOffset now, TimeZoneInfo zone)
    {
        var date = MailDate(now, zone);
        if (client.Protocol == "LOCAL")
        {
            var by = client.LocalUserId is { } uid
                ? $"Received: by {settings.MyHostname} ({settings.MailName}, from userid {uid.ToString(CultureInfo.InvariantCulture)})"
                : $"Received: by {settings.MyHostname} ({settings.MailName})";
            return [by, $"\tid {queueId}; {date}"];
        }

        var address = client.Address.AddressFamily == AddressFamily.InterNetworkV6 && !client.Address.IsIPv4MappedToIPv6
            ? "IPv6:" + client.AddressText
            : client.AddressText;
        var from = $"Received: from {client.Helo ?? client.Name} ({client.Name} [{address}])";
        var via = $"\tby {settings.MyHostname} ({settings.MailName}) with {client.Protocol} id {queueId}";
        return envelope.Recipients.Count == 1
            ? [from, via, $"\tfor <{envelope.Recipients[0].Address}>; {date}"]
            : [from, via + "; " + date];
    }

    /// <summary>The added From: as Postfix's hfrom_format=standard writes it: "From: Full Name &lt;user@origin&gt;",
    /// the name quoted when it holds RFC 5322 specials; "From: user@origin" without a name.</summary>
    public static string From(string sender, string? fullName)
    {
        var address = sender.Length == 0 ? "MAILER-DAEMON" : sender;
        if (string.IsNullOrWhiteSpace(fullName))
        {
            return "From: " + address;
        }

        // The name comes from the submitter (sendmail -F): no control character may reach the header.
        var name = new string([.. fullName.Where(c => !char.IsControl(c))]).Trim();
        return name.AsSpan().IndexOfAny(PhraseSpecials) >= 0
            ? $"From: \"{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" <{address}>"
            : $"From: {name} <{address}>";
    }

    /// <summary>"&lt;YYYYMMDDhhmmss.QUEUEID@MYHOSTNAME&gt;", as Postfix's cleanup makes it.</summary>
    public static string MessageId(string queueId, string myHostname, DateTimeOffset now, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"<{TimeZoneInfo.ConvertTime(now, zone):yyyyMMddHHmmss}.{queueId}@{myHostname}>");

    /// <summary>RFC 5322 date as Postfix's mail_date(): "Mon,  7 Dec 2026 21:40:51 +0100 (CET)" (day space-padded).</summary>
    public static string MailDate(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var magnitude = offset.Duration();
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{local:ddd}, {local.Day,2} {local:MMM yyyy HH:mm:ss} {sign}{magnitude.Hours:00}{magnitude.Minutes:00}");
        var abbreviation = ZoneAbbreviation(zone, local);
        return abbreviation is null ? text : $"{text} ({abbreviation})";
    }

    // .NET has no strftime %Z; use the zone's own name only when it is already an abbreviation.
    private static string? ZoneAbbreviation(TimeZoneInfo zone, DateTimeOffset local)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/Universal" or "Universal" or "Etc/Zulu" or "Zulu" or "Etc/GMT" or "GMT")
        {
            return zone.Id.Contains("GMT", StringComparison.Ordinal) ? "GMT" : "UTC";
        }

        var name = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        return name.Length is > 0 and <= 6 && name.All(char.IsAsciiLetterUpper) ? name : null;
    }
}
