using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Estafeta.TestKit.Dns;

/// <summary>Just enough of RFC 1035's wire format to answer one question from a <see cref="TestDnsZone"/>.</summary>
internal static class DnsMessage
{
    private const int HeaderLength = 12;
    private const ushort ClassIn = 1;
    private const int NoError = 0;
    private const int ServerFailure = 2;
    private const int NameError = 3;

    /// <summary>The response to <paramref name="query"/>, or null when it is unreadable or the zone says to stay silent.</summary>
    public static byte[]? Answer(ReadOnlySpan<byte> query, TestDnsZone zone)
    {
        if (query.Length < HeaderLength || BinaryPrimitives.ReadUInt16BigEndian(query[4..]) != 1)
        {
            return null;
        }

        var offset = HeaderLength;
        var name = ReadName(query, ref offset);
        if (name is null || offset + 4 > query.Length)
        {
            return null;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query[offset..]);
        var questionEnd = offset + 4;
        if (zone.IsSilent(name))
        {
            return null;
        }

        var answers = new List<byte[]>();
        int rcode;
        if (zone.IsFailing(name))
        {
            rcode = ServerFailure;
        }
        else if (!zone.Exists(name))
        {
            rcode = NameError;
        }
        else
        {
            rcode = NoError;
            answers.AddRange(zone.Find(name, type).Select(record => Record(record.Kind, record.Data)));
        }

        using var response = new MemoryStream();
        Span<byte> header = stackalloc byte[HeaderLength];
        query[..2].CopyTo(header);
        var recursionDesired = query[2] & 0x01;
        header[2] = (byte)(0x80 | 0x04 | recursionDesired); // QR, AA, RD as asked
        header[3] = (byte)(0x80 | rcode); // RA, RCODE
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)answers.Count);
        response.Write(header);
        response.Write(query[HeaderLength..questionEnd]);
        foreach (var answer in answers)
        {
            response.Write(answer);
        }

        return response.ToArray();
    }

    private static byte[] Record(DnsRecordKind kind, object data)
    {
        byte[] rdata = kind switch
        {
            DnsRecordKind.A or DnsRecordKind.Aaaa => ((IPAddress)data).GetAddressBytes(),
            DnsRecordKind.Mx => MxData(((ushort Preference, string Exchange))data),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var record = new byte[12 + rdata.Length];
        record[0] = 0xC0; // owner name: a pointer to the question's name at offset 12
        record[1] = HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), (ushort)kind);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 60);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)rdata.Length);
        rdata.CopyTo(record, 12);
        return record;
    }

    private static byte[] MxData((ushort Preference, string Exchange) mx)
    {
        var name = EncodeName(mx.Exchange);
        var data = new byte[2 + name.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, mx.Preference);
        name.CopyTo(data, 2);
        return data;
    }

    private static byte[] EncodeName(string name)
    {
        using var output = new MemoryStream();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            output.WriteByte((byte)bytes.Length);
            output.Write(bytes);
        }

        output.WriteByte(0);
        return output.ToArray();
    }

    private static string? ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var labels = new List<string>();
        for (var count = 0; count < 128 && offset < message.Length; count++)
        {
            var length = message[offset++];
            if (length == 0)
            {
                return string.Join('.', labels);
            }

            if (length > 63 || offset + length > message.Length)
            {
                return null; // questions are never compressed; anything else is refused
            }

            labels.Add(Encoding.ASCII.GetString(message.Slice(offset, length)));
            offset += length;
        }

        return null;
    }
}
