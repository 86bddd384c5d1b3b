namespace Estafeta.TestKit.Dns;

/// <summary>The record types the test responder serves (their DNS type numbers).</summary>
public enum DnsRecordKind : ushort
{
    A = 1,
    Mx = 15,
    Aaaa = 28,
}
