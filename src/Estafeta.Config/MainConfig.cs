namespace Estafeta.Config;

/// <summary>
/// main.cf as Postfix reads it: later assignments win, values are expanded when used, unknown names are warned
/// about (never silently dropped). Trusts nothing in the file; must never fail without naming file and line.
/// </summary>
public sealed partial class MainConfig
{
    private const string DefaultsSource = "built-in default";

    private readonly Dictionary<string, MainCfAssignment> _set;
    private readonly List<string> _setNames;
    private readonly List<ConfigWarning> _warnings;

    private MainConfig(Dictionary<string, MainCfAssignment> set, List<string> setNames, List<ConfigWarning> warnings)
    {
        _set = set;
        _setNames = setNames;
        _warnings = warnings;
    }

    /// <summary>Registry defaults only.</summary>
    public static MainConfig Empty { get; } = new([], [], []);

    public IReadOnlyList<ConfigWarning> Warnings => _warnings;

    /// <summary>Names set in the file or by an override, in the order they first appear.</summary>
    public IReadOnlyList<string> SetNames => _setNames;

    /// <exception cref="ConfigException">The file is missing, unreadable or wrong.</exception>
    public static MainConfig Load(string path)
    {
        return Parse(LogicalLines.ReadFile(path), path);
    }

    /// <exception cref="ConfigException">A line is wrong, or parameters refer to each other in a cycle.</exception>
    public static MainConfig Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var config = new MainConfig([], [], []);
        foreach (var assignment in MainCfReader.Read(text, sourceName, config._warnings))
        {
            config.Assign(assignment, warnAboutOverride: true);
        }

        config.Validate(config._setNames);
        return config;
    }

    /// <summary>
    /// A copy with <paramref name="overrides"/> applied (master.cf -o, command line -o); they count as set.
    /// </summary>
    public MainConfig WithOverrides(IEnumerable<KeyValuePair<string, string>> overrides, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var copy = new MainConfig(new Dictionary<string, MainCfAssignment>(_set, StringComparer.Ordinal), [.. _setNames], [.. _warnings]);
        var changed = new List<string>();
        foreach (var (name, value) in overrides)
        {
            copy.Assign(new MainCfAssignment(name, value.Trim(), sourceName, 0), warnAboutOverride: false);
            changed.Add(name);
        }

        copy.Validate(changed);
        return copy;
    }

    public bool IsSet(string name) => _set.ContainsKey(name);

    /// <summary>The value as written (or the registry default), not expanded.</summary>
    public string GetRaw(string name) => RawValue(name, []);

    /// <summary>The value with every $reference expanded.</summary>
    /// <exception cref="ConfigException">A reference cycle, a malformed ${...}, or an unreadable myorigin file.</exception>
    public string Get(string name) => Expand(name, []);

    public IReadOnlyList<string> GetList(string name) => ValueParsers.SplitList(Get(name));

    public bool GetBool(string name) =>
        ValueParsers.TryParseBool(Get(name), out var value, out var problem) ? value : throw BadValue(name, problem);

    public long GetInt(string name) =>
        ValueParsers.TryParseInt(Get(name), out var value, out var problem) ? value : throw BadValue(name, problem);

    public long GetSize(string name) =>
        ValueParsers.TryParseSize(Get(name), out var value, out var problem) ? value : throw BadValue(name, problem);

    public TimeSpan GetTime(string name)
    {
        var unit = ParameterRegistry.TryGet(name, out var definition) ? definition.DefaultTimeUnit : 's';
        return ValueParsers.TryParseTime(Get(name), unit, out var value, out var problem) ? value : throw BadValue(name, problem);
    }

    /// <summary>Where a parameter's value comes from: its file and line, or the built-in default.</summary>
    internal (string File, int Line) SourceOf(string name) =>
        _set.TryGetValue(name, out var assignment) ? (assignment.File, assignment.Line) : (DefaultsSource, 0);

    private ConfigException BadValue(string name, string problem)
    {
        var (file, line) = SourceOf(name);
        return new ConfigException(file, line, $"parameter {name}: {problem}");
    }

    private void Assign(MainCfAssignment assignment, bool warnAboutOverride)
    {
        if (_set.TryGetValue(assignment.Name, out var earlier))
        {
            if (warnAboutOverride)
            {
                _warnings.Add(new ConfigWarning(assignment.File, assignment.Line, $"overriding earlier entry: {earlier.Name}={earlier.Value}"));
            }
        }
        else
        {
            _setNames.Add(assignment.Name);
            if (!ParameterRegistry.TryGet(assignment.Name, out _))
            {
                var suggestion = ParameterRegistry.SuggestClosest(assignment.Name);
                var message = suggestion is null
                    ? $"unknown parameter {assignment.Name}"
                    : $"unknown parameter {assignment.Name} (did you mean {suggestion}?)";
                _warnings.Add(new ConfigWarning(assignment.File, assignment.Line, message));
            }
        }

        _set[assignment.Name] = assignment;
    }
}
