using Microsoft.Extensions.Logging;

namespace Estafeta.Aliases;

/// <summary>The "local" log lines of address expansion; the text is Postfix's (the sink prefixes "warning: ").</summary>
internal static partial class LocalLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Text}")]
    public static partial void Warning(ILogger logger, string text);
}
