namespace Estafeta.Pickup;

/// <summary>
/// The drop file sendmail writes and pickup reads (docs/queue-format.md, "Maildrop files"):
/// <code>
/// estafeta-maildrop 1\n
/// content 00000000000000001234\n      (20 decimal digits: the byte count of the content that follows)
/// CONTENT                              (the message, every line ending in LF, CRs already stripped)
/// sender SENDER\n                     (as given by -f, or the login name; empty value = &lt;&gt;)
/// fullname NAME\n                     (optional)
/// notify N\n                          (optional: DsnNotify flags as a decimal number)
/// envid ID\n                          (optional)
/// body 8BITMIME|7BIT\n                (optional)
/// recipient ADDRESS\n                 (one or more)
/// end\n
/// </code>
/// The envelope follows the content because sendmail -t knows its recipients only after reading it.
/// No value holds CR, LF or NUL. "end" and the exact length make a torn or edited file detectable.
/// </summary>
internal static class DropFileFormat
{
    public const string Magic = "estafeta-maildrop 1";
    public const string ContentKeyword = "content";
    public const int LengthDigits = 20;
    public const string Sender = "sender";
    public const string FullName = "fullname";
    public const string Notify = "notify";
    public const string EnvelopeId = "envid";
    public const string Body = "body";
    public const string Recipient = "recipient";
    public const string End = "end";

    /// <summary>The longest envelope line pickup reads (an address, a full name).</summary>
    public const int MaxEnvelopeLine = 4096;

    /// <summary>Room for the envelope beyond the content (recipients from a 2 MiB command line, or from -t).</summary>
    public const long EnvelopeAllowance = 4L * 1024 * 1024;

    /// <summary>The longest envelope address either side accepts (RFC 5321 paths are at most 256 octets).</summary>
    public const int MaxAddressLength = 1000;

    public static bool IsCleanValue(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0;

    /// <summary>What the envelope contract allows in an address: bounded, no control characters, no angle brackets.</summary>
    public static bool IsAddress(string address) =>
        address.Length <= MaxAddressLength && !address.Any(c => char.IsControl(c) || c is '<' or '>');
}

/// <summary>A drop file that cannot be trusted to be what sendmail wrote: it goes to corrupt/.</summary>
internal sealed class DropFileFormatException(string message) : Exception(message);
