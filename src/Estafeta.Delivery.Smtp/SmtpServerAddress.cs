using System.Net;

namespace Estafeta.Delivery.Smtp;

/// <summary>One address to try: the MX (or nexthop) host name, one of its addresses, the port, and the MX preference.</summary>
internal sealed record SmtpServerAddress(string HostName, IPAddress Address, int Port, int Preference)
{
    /// <summary>"mx.d[192.0.2.1]" as Postfix writes a server in reasons.</summary>
    public string NameAddress => $"{HostName}[{Address}]";

    /// <summary>"mx.d[192.0.2.1]:25", the relay= field.</summary>
    public string Relay => $"{NameAddress}:{Port}";
}

/// <summary>A failure that applies to every recipient still pending, with Postfix's texts.</summary>
internal sealed record SmtpFailure(bool Permanent, string Dsn, string Reason)
{
    /// <summary>relay=, "none" until a server was reached.</summary>
    public string Relay { get; init; } = "none";

    /// <summary>"dns; mx.d" when a server answered.</summary>
    public string? RemoteMta { get; init; }

    /// <summary>"smtp; 550 5.1.1 ..." when a server's reply is the cause.</summary>
    public string? DiagnosticCode { get; init; }
}
