// Decodes the client's SASL responses (RFC 4616 PLAIN, the LOGIN convention). The decoded bytes hold a
// password: callers clear them after use. Must never: return a secret in an error text.
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace Estafeta.Smtpd;

internal static class SaslResponses
{
    /// <summary>The longest user name accepted, in bytes.</summary>
    public const int MaxUserBytes = 255;

    /// <summary>Base64 → bytes; "=" is the empty response (RFC 4954 §4). Null when it is not base64.</summary>
    public static byte[]? Decode(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("="u8))
        {
            return [];
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Base64.DecodeFromUtf8(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            Array.Clear(bytes);
            return null;
        }

        if (written == bytes.Length)
        {
            return bytes;
        }

        var exact = bytes[..written];
        Array.Clear(bytes);
        return exact;
    }

    /// <summary>PLAIN: "authzid NUL authcid NUL password". The authorization identity must be empty or the user.</summary>
    public static bool TryParsePlain(ReadOnlySpan<byte> message, out string user, out byte[] password)
    {
        user = string.Empty;
        password = [];
        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = message[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0 || rest[(second + 1)..].IndexOf((byte)0) >= 0)
        {
            return false;
        }

        var authzid = message[..first];
        var authcid = rest[..second];
        if (!TryUser(authcid, out user) || (!authzid.IsEmpty && !authzid.SequenceEqual(authcid)))
        {
            return false;
        }

        password = rest[(second + 1)..].ToArray();
        return true;
    }

    /// <summary>A user name: 1..255 bytes of UTF-8 without control characters.</summary>
    public static bool TryUser(ReadOnlySpan<byte> bytes, out string user)
    {
        user = string.Empty;
        if (bytes.IsEmpty || bytes.Length > MaxUserBytes || !Utf8.IsValid(bytes))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (b < 0x20 || b == 0x7F)
            {
                return false;
            }
        }

        user = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
