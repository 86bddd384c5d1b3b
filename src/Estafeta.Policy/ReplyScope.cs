using Estafeta.Core;

namespace Estafeta.Policy;

/// <summary>
/// Whose rejection a reply reports, as Postfix words it: "&lt;NAME&gt;: CLASS rejected: TEXT", e.g.
/// "&lt;u@d&gt;: Recipient address rejected: Access denied" or "&lt;unknown[192.0.2.1]&gt;: Client host rejected: ...".
/// </summary>
internal sealed record ReplyScope(string Name, string Class)
{
    public static ReplyScope Client(ClientInfo client) => new(client.LogForm, "Client host");

    public static ReplyScope Helo(string helo) => new(helo, "Helo command");

    public static ReplyScope Sender(string sender) => new(sender, "Sender address");

    public static ReplyScope Recipient(string recipient) => new(recipient, "Recipient address");

    /// <summary>"&lt;NAME&gt;: CLASS rejected: TEXT" with code and enhanced code; <paramref name="detail"/> is the
    /// enhanced code without its class digit ("7.1"), which is taken from <paramref name="code"/>.</summary>
    public SmtpReply Rejected(int code, string detail, string text) => Reply(code, detail, $"<{Name}>: {Class} rejected: {text}");

    public static SmtpReply Reply(int code, string detail, string text) => new(code, $"{code / 100}.{detail}", text);

    /// <summary>An access-table or 4NN/5NN text may start with its own enhanced code ("5.7.0 go away").</summary>
    public SmtpReply RejectedWithText(int code, string defaultDetail, string text)
    {
        if (text.Length == 0)
        {
            return Rejected(code, defaultDetail, "Access denied");
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? text : text[..space];
        if (first.Length >= 5 && first[0] - '0' == code / 100 && first[1] == '.' && first.Skip(2).All(c => char.IsAsciiDigit(c) || c == '.')
            && first.Count(c => c == '.') == 2)
        {
            var rest = space < 0 ? "Access denied" : text[(space + 1)..].TrimStart();
            return new SmtpReply(code, first, $"<{Name}>: {Class} rejected: {rest}");
        }

        return Rejected(code, defaultDetail, text);
    }
}
