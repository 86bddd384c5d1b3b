using System.Globalization;
using System.Text;

namespace Estafeta.Queue;

/// <summary>A queue file in human form, laid out like Postfix's `postcat -q ID`.</summary>
public static class QueueShow
{
    public static string Render(QueueFile file)
    {
        var text = new StringBuilder();
        var arrival = file.ArrivalTime;
        text.Append(CultureInfo.InvariantCulture, $"*** ENVELOPE RECORDS {file.QueueId} ***\n");
        text.Append(CultureInfo.InvariantCulture, $"message_size: {file.ContentSize,21}\n");
        text.Append(CultureInfo.InvariantCulture, $"message_arrival_time: {QueueListing.Asctime(arrival)} UTC\n");
        var client = file.Client;
        text.Append(CultureInfo.InvariantCulture, $"named_attribute: client_address={client.AddressText}\n");
        text.Append(CultureInfo.InvariantCulture, $"named_attribute: client_name={client.Name}\n");
        text.Append(CultureInfo.InvariantCulture, $"named_attribute: reverse_client_name={client.ReverseName}\n");
        if (client.Helo is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"named_attribute: helo_name={client.Helo}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"named_attribute: protocol_name={client.Protocol}\n");
        if (client.SaslUser is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"named_attribute: sasl_username={client.SaslUser}\n");
        }

        if (client.LocalUserId is { } uid)
        {
            text.Append(CultureInfo.InvariantCulture, $"named_attribute: local_uid={uid}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"sender: {file.Envelope.Sender}\n");
        foreach (var recipient in file.Recipients)
        {
            var label = recipient.Status == RecipientStatus.Done ? "done_recipient" : "recipient";
            if (recipient.Recipient.OriginalRecipient is { } original)
            {
                text.Append(CultureInfo.InvariantCulture, $"original_recipient: {original}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{label}: {recipient.Address}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"*** MESSAGE CONTENTS {file.QueueId} ***\n");
        foreach (var line in file.ReadLines())
        {
            // Shown as UTF-8 (8-bit mail that is not UTF-8 shows replacement characters; the file is untouched).
            text.Append(Encoding.UTF8.GetString(line)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"*** HEADER EXTRACTED {file.QueueId} ***\n");
        text.Append(CultureInfo.InvariantCulture, $"*** MESSAGE FILE END {file.QueueId} ***\n");
        return text.ToString();
    }
}
