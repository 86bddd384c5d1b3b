using System.Net;

namespace Estafeta.Smtpd.Tests;

public sealed class ResolverTests
{
    [Fact]
    public async Task Loopback_resolves_through_etc_hosts_and_is_forward_confirmed()
    {
        var (name, reverse) = await new SystemClientNameResolver().ResolveAsync(IPAddress.Loopback, CancellationToken.None);
        Assert.Equal("localhost", name);
        Assert.Equal("localhost", reverse);
    }

    [Fact]
    public async Task Mapped_IPv4_is_looked_up_as_IPv4()
    {
        var (name, _) = await new SystemClientNameResolver().ResolveAsync(IPAddress.Loopback.MapToIPv6(), CancellationToken.None);
        Assert.Equal("localhost", name);
    }

    [Fact]
    public async Task A_cancelled_lookup_is_unknown_not_an_exception()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var result = await new SystemClientNameResolver().ResolveAsync(IPAddress.Parse("192.0.2.1"), cancelled.Token);
        Assert.Equal(("unknown", "unknown"), result);
    }
}
