using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Estafeta.Config;

/// <summary>
/// Every main.cf parameter Estafeta knows: Postfix's names and defaults, plus Estafeta's extensions.
/// Trusts only its own tables; never invents a parameter from configuration input.
/// </summary>
public static class ParameterRegistry
{
    private static readonly FrozenDictionary<string, ParameterDefinition> ByName =
        ParameterTable.Build().ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    private static readonly System.Collections.ObjectModel.ReadOnlyCollection<ParameterDefinition> Sorted =
        ByName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList().AsReadOnly();

    /// <summary>All known parameters, sorted by name (ordinal, as postconf sorts).</summary>
    public static IReadOnlyCollection<ParameterDefinition> All => Sorted;

    public static bool TryGet(string name, [NotNullWhen(true)] out ParameterDefinition? definition) =>
        ByName.TryGetValue(name, out definition);

    /// <summary>The known name closest to <paramref name="unknownName"/> by edit distance, or null when none is close.</summary>
    public static string? SuggestClosest(string unknownName)
    {
        ArgumentNullException.ThrowIfNull(unknownName);

        // Allow roughly one typo per four characters, at least one and at most three.
        var allowed = Math.Clamp(unknownName.Length / 4, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var definition in Sorted)
        {
            var distance = EditDistance.Compute(unknownName, definition.Name, allowed);
            if (distance <= allowed && distance < bestDistance)
            {
                best = definition.Name;
                bestDistance = distance;
            }
        }

        return best;
    }
}
