namespace Estafeta.Config;

/// <summary>Expansion with cycle detection, and the checks done once at load time.</summary>
public sealed partial class MainConfig
{
    private string Expand(string name, List<string> inProgress)
    {
        var start = inProgress.IndexOf(name);
        if (start >= 0)
        {
            throw Cycle([.. inProgress.Skip(start), name]);
        }

        inProgress.Add(name);
        try
        {
            var raw = RawValue(name, inProgress);
            string expanded;
            try
            {
                expanded = ValueExpander.Expand(raw, reference => IsDefined(reference) ? Expand(reference, inProgress) : null);
            }
            catch (FormatException e)
            {
                var (file, line) = SourceOf(name);
                throw new ConfigException(file, line, $"parameter {name}: {e.Message}", e);
            }

            return name == "myorigin" && expanded.StartsWith('/') ? ReadMyOriginFile(expanded) : expanded;
        }
        finally
        {
            inProgress.RemoveAt(inProgress.Count - 1);
        }
    }

    private string RawValue(string name, List<string> inProgress)
    {
        if (_set.TryGetValue(name, out var assignment))
        {
            return assignment.Value;
        }

        return name switch
        {
            "myhostname" => MachineIdentity.DefaultMyHostname(IsSet("mydomain") ? Expand("mydomain", inProgress) : null),
            "mydomain" => MachineIdentity.DefaultMyDomain(Expand("myhostname", inProgress)),
            _ => ParameterRegistry.TryGet(name, out var definition) ? definition.Default : string.Empty,
        };
    }

    private bool IsDefined(string name) => _set.ContainsKey(name) || ParameterRegistry.TryGet(name, out _);

    /// <summary>Debian's Postfix reads myorigin from a file when the value is a path (myorigin = /etc/mailname).</summary>
    private string ReadMyOriginFile(string path)
    {
        try
        {
            var first = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            if (first is not null)
            {
                return first;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var (file, line) = SourceOf("myorigin");
            throw new ConfigException(file, line, $"parameter myorigin: cannot read {path}: {e.Message}", e);
        }

        var (emptyFile, emptyLine) = SourceOf("myorigin");
        throw new ConfigException(emptyFile, emptyLine, $"parameter myorigin: {path} is empty");
    }

    private ConfigException Cycle(IReadOnlyList<string> path)
    {
        var (file, line) = SourceOf(path[0]);
        return new ConfigException(file, line, "parameters refer to each other in a cycle: " + string.Join(" -> ", path));
    }

    /// <summary>
    /// Load-time checks of the values just set: malformed ${...} and cycles are errors (found now, not at first use);
    /// a plain reference to a name nothing defines expands to empty, as in Postfix, and is made visible as a warning.
    /// </summary>
    private void Validate(IEnumerable<string> names)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            foreach (var (reference, conditional) in ReferencesOf(name))
            {
                if (!conditional && !IsDefined(reference) && !RuntimeNames.All.Contains(reference))
                {
                    var (file, line) = SourceOf(name);
                    _warnings.Add(new ConfigWarning(file, line, $"parameter {name}: undefined parameter ${reference} expands to empty"));
                }
            }

            FindCycle(name, [], finished);
        }
    }

    private void FindCycle(string name, List<string> path, HashSet<string> finished)
    {
        if (finished.Contains(name))
        {
            return;
        }

        var start = path.IndexOf(name);
        if (start >= 0)
        {
            throw Cycle([.. path.Skip(start), name]);
        }

        path.Add(name);
        foreach (var (reference, _) in ReferencesOf(name))
        {
            if (IsDefined(reference))
            {
                FindCycle(reference, path, finished);
            }
        }

        path.RemoveAt(path.Count - 1);
        finished.Add(name);
    }

    private List<(string Name, bool Conditional)> ReferencesOf(string name)
    {
        // The computed defaults of myhostname and mydomain depend on each other (see MachineIdentity).
        if (!IsSet(name) && name == "mydomain")
        {
            return [("myhostname", false)];
        }

        if (!IsSet(name) && name == "myhostname")
        {
            return IsSet("mydomain") && !MachineIdentity.HostName.Contains('.', StringComparison.Ordinal) ? [("mydomain", false)] : [];
        }

        var raw = _set.TryGetValue(name, out var assignment) ? assignment.Value
            : ParameterRegistry.TryGet(name, out var definition) ? definition.Default : string.Empty;
        try
        {
            return ValueExpander.References(raw);
        }
        catch (FormatException e)
        {
            var (file, line) = SourceOf(name);
            throw new ConfigException(file, line, $"parameter {name}: {e.Message}", e);
        }
    }

    /// <summary>True when some set value refers to <paramref name="name"/> (how Postfix tells a user-defined parameter from an unused one).</summary>
    internal bool IsReferenced(string name) =>
        _setNames.Any(other => other != name && ReferencesOf(other).Any(r => r.Name == name));
}
