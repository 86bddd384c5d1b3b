using Microsoft.Extensions.Logging;

namespace Estafeta.MailLog;

/// <summary>One thing to log: when (local time), which component, how severe, and the Postfix text.</summary>
internal readonly record struct MailLogEvent(DateTimeOffset LocalTime, string Component, LogLevel Level, string Text);
