using Estafeta.Config;
using Estafeta.Host;

namespace Estafeta.IntegrationTests;

/// <summary>Small pieces of the host that need no process: the state folder rule and --listen parsing.</summary>
public sealed class HostPieceTests
{
    [Fact]
    public void State_directory_prefers_estafeta_state_dir_then_xdg_then_home()
    {
        var all = new Dictionary<string, string?> { ["ESTAFETA_STATE_DIR"] = "/srv/est", ["XDG_STATE_HOME"] = "/x/state", ["HOME"] = "/home/u" };
        var xdg = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = "/x/state", ["HOME"] = "/home/u" };
        var home = new Dictionary<string, string?> { ["HOME"] = "/home/u" };

        Assert.Equal("/srv/est", StateDirectory.Resolve(n => all.GetValueOrDefault(n)));
        Assert.Equal("/x/state/estafeta", StateDirectory.Resolve(n => xdg.GetValueOrDefault(n)));
        Assert.Equal("/home/u/.local/state/estafeta", StateDirectory.Resolve(n => home.GetValueOrDefault(n)));
    }

    [Theory]
    [InlineData("127.0.0.1:2525", "127.0.0.1", 2525)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("localhost:25", "localhost", 25)]
    public void Listen_accepts_host_and_port(string text, string host, int port)
    {
        Assert.Equal((host, port), ConfigurationSource.ParseListen(text));
    }

    [Theory]
    [InlineData("2525")]
    [InlineData("127.0.0.1:")]
    [InlineData("::1:25")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    public void Listen_refuses_what_is_not_host_colon_port(string text)
    {
        Assert.Throws<UsageException>(() => ConfigurationSource.ParseListen(text));
    }
}
