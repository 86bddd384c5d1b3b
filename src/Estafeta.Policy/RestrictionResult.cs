using Estafeta.Core;

namespace Estafeta.Policy;

/// <summary>The outcome of one restriction (or of a whole list): go on, permit this list, or reject.</summary>
internal enum Verdict
{
    Dunno,
    Permit,
    Reject,
}

internal readonly record struct RestrictionResult(Verdict Verdict, SmtpReply? Reply)
{
    public static readonly RestrictionResult Dunno = new(Verdict.Dunno, null);

    public static readonly RestrictionResult Permit = new(Verdict.Permit, null);

    public static RestrictionResult Reject(SmtpReply reply) => new(Verdict.Reject, reply);
}
