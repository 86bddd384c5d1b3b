namespace Estafeta.Tables;

/// <summary>static:value — every key maps to the same value ("static:{value with spaces}" allowed).</summary>
internal sealed class StaticTable(string name, string value) : ILookupTable
{
    public string Name { get; } = name;

    public string? Lookup(string key) => value;

    public static StaticTable Parse(string name, string body)
    {
        var value = body.Trim();
        if (value.Length >= 2 && value[0] == '{' && value[^1] == '}')
        {
            value = value[1..^1].Trim();
        }

        return new StaticTable(name, value);
    }
}
