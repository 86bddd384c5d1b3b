namespace Estafeta.Config;

/// <summary>
/// Reads master.cf entries: eight columns then arguments; lines that start with white space continue the entry;
/// -o name=value, -oname=value and -o { name = value } become overrides, other arguments are kept.
/// </summary>
internal static class MasterCfReader
{
    private static readonly string[] KnownTypes = ["inet", "unix", "unix-dgram", "fifo", "pass"];

    public static List<MasterService> Read(string text, string sourceName)
    {
        var entries = LogicalLines.Read(text, (_, number) =>
            throw new ConfigException(sourceName, number, "continuation line without a service entry before it"));
        return entries.ConvertAll(entry => ParseEntry(entry.Text, sourceName, entry.Line));
    }

    private static MasterService ParseEntry(string entry, string file, int line)
    {
        List<string> tokens;
        try
        {
            tokens = Tokenize(entry);
        }
        catch (FormatException e)
        {
            throw new ConfigException(file, line, e.Message, e);
        }

        if (tokens.Count < 8)
        {
            throw new ConfigException(file, line, $"expected at least 8 fields (service type private unpriv chroot wakeup maxproc command), found {tokens.Count}");
        }

        var (name, type) = (tokens[0], tokens[1]);
        if (!KnownTypes.Contains(type, StringComparer.Ordinal))
        {
            throw new ConfigException(file, line, $"unknown service type \"{type}\" for service {name} (expected {string.Join(", ", KnownTypes)})");
        }

        var (arguments, overrides) = SplitArguments(tokens.Skip(8).ToList(), file, line);
        var service = new MasterService(name, type, tokens[2], tokens[3], tokens[4], tokens[5], tokens[6], tokens[7], arguments, overrides, file, line);
        if (!service.IsInet)
        {
            return service;
        }

        var (host, portText) = SplitInetName(name);
        if (!ServicePorts.TryResolve(portText, out var port))
        {
            throw new ConfigException(file, line, $"unknown port \"{portText}\" in service name {name} (not a number, not in /etc/services)");
        }

        return service with { Host = host, Port = port };
    }

    private static (List<string> Arguments, List<KeyValuePair<string, string>> Overrides) SplitArguments(List<string> tokens, string file, int line)
    {
        var arguments = new List<string>();
        var overrides = new List<KeyValuePair<string, string>>();
        for (var index = 0; index < tokens.Count; index++)
        {
            var token = tokens[index];
            string? setting = null;
            if (token == "-o")
            {
                if (++index >= tokens.Count)
                {
                    throw new ConfigException(file, line, "-o without name=value");
                }

                setting = tokens[index];
            }
            else if (token.StartsWith("-o", StringComparison.Ordinal))
            {
                setting = token[2..];
            }

            if (setting is null)
            {
                arguments.Add(IsGroup(token) ? token[1..^1].Trim() : token);
                continue;
            }

            if (IsGroup(setting))
            {
                setting = setting[1..^1];
            }

            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            var settingName = equals > 0 ? setting[..equals].Trim() : string.Empty;
            if (settingName.Length == 0 || settingName.Any(char.IsWhiteSpace))
            {
                throw new ConfigException(file, line, $"bad -o setting \"{setting}\" (expected name=value)");
            }

            overrides.Add(new(settingName, setting[(equals + 1)..].Trim()));
        }

        return (arguments, overrides);
    }

    private static bool IsGroup(string token) => token.Length >= 2 && token[0] == '{' && token[^1] == '}';

    /// <summary>White-space separated words, where a word starting with { runs to its matching }.</summary>
    private static List<string> Tokenize(string entry)
    {
        var tokens = new List<string>();
        var index = 0;
        while (index < entry.Length)
        {
            if (char.IsWhiteSpace(entry[index]))
            {
                index++;
                continue;
            }

            var start = index;
            if (entry[index] == '{')
            {
                var depth = 0;
                for (; index < entry.Length; index++)
                {
                    depth += entry[index] == '{' ? 1 : entry[index] == '}' ? -1 : 0;
                    if (depth == 0)
                    {
                        break;
                    }
                }

                if (depth != 0)
                {
                    throw new FormatException($"missing '}}' in \"{entry[start..]}\"");
                }

                index++;
            }
            else
            {
                while (index < entry.Length && !char.IsWhiteSpace(entry[index]))
                {
                    index++;
                }
            }

            tokens.Add(entry[start..index]);
        }

        return tokens;
    }

    /// <summary>"[host:]port" → (host or null for all interfaces, port text). Host may be [IPv6].</summary>
    private static (string? Host, string Port) SplitInetName(string name)
    {
        var colon = name.LastIndexOf(':');
        if (colon < 0)
        {
            return (null, name);
        }

        var host = name[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return (host.Length == 0 || host == "*" ? null : host, name[(colon + 1)..]);
    }
}
