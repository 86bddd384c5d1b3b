using System.Collections.Concurrent;
using System.Net;

namespace Estafeta.TestKit.Dns;

/// <summary>The records a <see cref="TestDnsServer"/> answers with. A name with no record of the asked type but some
/// other record gets an empty NOERROR answer; a name with none gets NXDOMAIN; a name marked failing gets SERVFAIL.</summary>
public sealed class TestDnsZone
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(DnsRecordKind Kind, object Data)>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _silent = new(StringComparer.OrdinalIgnoreCase);

    public TestDnsZone Mx(string name, ushort preference, string exchange) => Add(name, DnsRecordKind.Mx, (preference, exchange));

    /// <summary>RFC 7505's "0 ." record: the domain accepts no mail.</summary>
    public TestDnsZone NullMx(string name) => Add(name, DnsRecordKind.Mx, ((ushort)0, "."));

    public TestDnsZone A(string name, string address) => Add(name, DnsRecordKind.A, IPAddress.Parse(address));

    public TestDnsZone Aaaa(string name, string address) => Add(name, DnsRecordKind.Aaaa, IPAddress.Parse(address));

    /// <summary>The name exists but has no records: every query gets an empty NOERROR answer ("no data").</summary>
    public TestDnsZone Existing(string name)
    {
        _records.GetOrAdd(Key(name), _ => new());
        return this;
    }

    /// <summary>Every query for the name gets SERVFAIL.</summary>
    public TestDnsZone ServerFailure(string name)
    {
        _failing[Key(name)] = true;
        return this;
    }

    /// <summary>Queries for the name get no response at all (the client times out).</summary>
    public TestDnsZone NoResponse(string name)
    {
        _silent[Key(name)] = true;
        return this;
    }

    internal bool IsFailing(string name) => _failing.ContainsKey(Key(name));

    internal bool IsSilent(string name) => _silent.ContainsKey(Key(name));

    internal bool Exists(string name) => _records.ContainsKey(Key(name));

    internal IEnumerable<(DnsRecordKind Kind, object Data)> Find(string name, ushort type) =>
        _records.TryGetValue(Key(name), out var records) ? records.Where(r => (ushort)r.Kind == type) : [];

    private TestDnsZone Add(string name, DnsRecordKind kind, object data)
    {
        _records.GetOrAdd(Key(name), _ => new()).Enqueue((kind, data));
        return this;
    }

    private static string Key(string name) => name.TrimEnd('.');
}
