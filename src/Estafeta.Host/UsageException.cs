namespace Estafeta.Host;

/// <summary>A command line that cannot be acted on; reported as one "estafeta: fatal: ..." line, exit 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
