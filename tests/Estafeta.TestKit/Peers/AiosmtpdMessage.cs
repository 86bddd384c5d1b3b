using System.Text.Json;

namespace Estafeta.TestKit.Peers;

/// <summary>
/// One message the aiosmtpd peer accepted. <paramref name="Content"/> is the DATA as received with LF line ends.
/// <paramref name="Meta"/> holds "mail_from", "mail_options", "rcpt_tos", "rcpt_options", "tls" (bool) and
/// "auth" (the authenticated user or null).
/// </summary>
public sealed record AiosmtpdMessage(string Content, JsonElement Meta);
