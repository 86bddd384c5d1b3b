// A new message made by the server itself: a bounce, a delay warning, mail forwarded by an alias or .forward.
// Trusts: the caller built well-formed content lines (no CR or LF inside a line).
// Must never: return before the new queue file and its directory entry are on stable storage.
using Estafeta.Core;

namespace Estafeta.Delivery;

/// <summary>Writes a message straight into the queue (no Received: is added; the caller adds what it needs) and
/// wakes the queue manager.</summary>
public interface IMessageInjector
{
    /// <summary>Commits the message durably and returns its queue id. Throws IOException when the queue cannot be written.</summary>
    Task<string> InjectAsync(InjectedMessage message, CancellationToken cancellationToken);
}

/// <summary>A message the server composes or forwards.</summary>
/// <param name="Sender">The envelope sender; empty for the null sender (bounces).</param>
/// <param name="Recipients">The envelope recipients.</param>
/// <param name="Lines">The content lines without line endings (headers, empty line, body), enumerated once.</param>
public sealed record InjectedMessage(string Sender, IReadOnlyList<EnvelopeRecipient> Recipients, IEnumerable<byte[]> Lines)
{
    public BodyType Body { get; init; }

    public bool SmtpUtf8 { get; init; }

    /// <summary>Where the message came from, for the log line "ID: uid=0 from=&lt;...&gt;" and for
    /// bounce loops: "bounce", "forward", "delay-warning".</summary>
    public string Origin { get; init; } = "forward";
}
