namespace Estafeta.Config;

/// <summary>
/// The registry's data, split by area. Defaults are Postfix 3.7's `postconf -d` text, except where Postfix's
/// default depends on compatibility_level: there Estafeta keeps the value Postfix uses at level 3.6 and later.
/// </summary>
internal static partial class ParameterTable
{
    public static IEnumerable<ParameterDefinition> Build() =>
        SiteParameters().Concat(SmtpdParameters()).Concat(DeliveryParameters()).Concat(SecurityParameters());

    private static ParameterDefinition Str(string name, string value, string meaning) => new(name, ParameterType.String, value, meaning);

    private static ParameterDefinition List(string name, string value, string meaning) => new(name, ParameterType.List, value, meaning);

    private static ParameterDefinition Bool(string name, string value, string meaning) => new(name, ParameterType.Boolean, value, meaning);

    private static ParameterDefinition Int(string name, string value, string meaning) => new(name, ParameterType.Integer, value, meaning);

    private static ParameterDefinition Time(string name, string value, string meaning, char unit = 's') =>
        new(name, ParameterType.Time, value, meaning) { DefaultTimeUnit = unit };

    private static ParameterDefinition Size(string name, string value, string meaning) => new(name, ParameterType.Size, value, meaning);

    /// <summary>Accepted and printed, but not acted on yet.</summary>
    private static ParameterDefinition Later(this ParameterDefinition definition) => definition with { IsImplemented = false };
}
