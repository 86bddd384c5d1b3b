namespace Estafeta.Config;

/// <summary>
/// Prints parameters the way postconf does: "name = value", names sorted, values unexpanded unless asked,
/// runs of white space shown as one space. Set names the registry does not know are printed only when another
/// value refers to them (Postfix's user-defined parameters); postconf leaves the others out too.
/// </summary>
public static class PostconfPrinter
{
    public static IEnumerable<string> Lines(MainConfig config, PostconfMode mode, IReadOnlyList<string> names, bool expand)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(names);
        var source = mode == PostconfMode.Defaults ? MainConfig.Empty : config;
        var selected = names.Count > 0
            ? names.Where(n => IsPrintable(source, n) && (mode != PostconfMode.NonDefault || config.IsSet(n)))
            : DefaultSelection(config, mode);
        return selected.Select(name => Format(name, expand ? source.Get(name) : source.GetRaw(name))).ToList();
    }

    /// <summary>One line as postconf prints it; an empty value gives "name =".</summary>
    internal static string Format(string name, string value)
    {
        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? name + " =" : name + " = " + string.Join(' ', words);
    }

    private static bool IsPrintable(MainConfig config, string name) =>
        ParameterRegistry.TryGet(name, out _) || config.IsSet(name);

    private static IEnumerable<string> DefaultSelection(MainConfig config, PostconfMode mode)
    {
        var userDefined = config.SetNames.Where(n => !ParameterRegistry.TryGet(n, out _) && config.IsReferenced(n));
        var names = mode switch
        {
            PostconfMode.NonDefault => config.SetNames.Where(n => ParameterRegistry.TryGet(n, out _)).Concat(userDefined),
            PostconfMode.Defaults => ParameterRegistry.All.Select(d => d.Name),
            _ => ParameterRegistry.All.Select(d => d.Name).Concat(userDefined),
        };
        return names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }
}
