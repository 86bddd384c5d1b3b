namespace Estafeta.Config;

/// <summary>
/// One parameter Estafeta knows: its Postfix name, type, Postfix default (verbatim, $references kept)
/// and one line of meaning.
/// </summary>
public sealed record ParameterDefinition(string Name, ParameterType Type, string Default, string Description)
{
    /// <summary>Unit of a bare number for <see cref="ParameterType.Time"/> values (s, m, h, d or w).</summary>
    public char DefaultTimeUnit { get; init; } = 's';

    /// <summary>An Estafeta parameter that Postfix does not have.</summary>
    public bool IsExtension { get; init; }

    /// <summary>False for parameters that are accepted but not acted on yet.</summary>
    public bool IsImplemented { get; init; } = true;
}
