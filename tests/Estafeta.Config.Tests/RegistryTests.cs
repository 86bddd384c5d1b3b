namespace Estafeta.Config.Tests;

public sealed class RegistryTests
{
    [Fact]
    public void All_is_sorted_by_name_without_duplicates()
    {
        var names = ParameterRegistry.All.Select(d => d.Name).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("smtpd_forbid_bare_newline", ParameterType.String, "normalize", true)]
    [InlineData("smtpd_forbid_bare_newline_exclusions", ParameterType.List, "$mynetworks", true)]
    [InlineData("smtpd_forbid_unauth_pipelining", ParameterType.Boolean, "yes", true)]
    [InlineData("message_size_limit", ParameterType.Size, "10240000", true)]
    [InlineData("smtpd_timeout", ParameterType.Time, "${stress?{10}:{300}}s", true)]
    [InlineData("smtpd_tls_security_level", ParameterType.String, "", true)]
    [InlineData("smtp_sasl_auth_enable", ParameterType.Boolean, "no", true)]
    [InlineData("maximal_queue_lifetime", ParameterType.Time, "5d", true)]
    [InlineData("home_mailbox", ParameterType.String, "", true)]
    [InlineData("mailbox_command", ParameterType.String, "", false)]
    public void Entries_have_postfix_names_types_and_defaults(string name, ParameterType type, string value, bool implemented)
    {
        Assert.True(ParameterRegistry.TryGet(name, out var definition));
        Assert.Equal((type, value, implemented), (definition.Type, definition.Default, definition.IsImplemented));
        Assert.False(definition.IsExtension);
        Assert.False(string.IsNullOrWhiteSpace(definition.Description));
    }

    [Fact]
    public void Dns_servers_is_the_estafeta_extension()
    {
        Assert.True(ParameterRegistry.TryGet("estafeta_dns_servers", out var definition));
        Assert.True(definition.IsExtension);
        Assert.Equal(string.Empty, definition.Default);
        // Every estafeta_ parameter is an extension, and every extension says so in the reference.
        Assert.All(ParameterRegistry.All.Where(d => d.Name.StartsWith("estafeta_", StringComparison.Ordinal)), d => Assert.True(d.IsExtension, d.Name));
        Assert.All(ParameterRegistry.All.Where(d => d.IsExtension), d => Assert.StartsWith("Estafeta:", d.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_default_parses_as_its_type()
    {
        foreach (var definition in ParameterRegistry.All)
        {
            switch (definition.Type)
            {
                case ParameterType.Boolean:
                    _ = MainConfig.Empty.GetBool(definition.Name);
                    break;
                case ParameterType.Integer:
                    _ = MainConfig.Empty.GetInt(definition.Name);
                    break;
                case ParameterType.Time:
                    _ = MainConfig.Empty.GetTime(definition.Name);
                    break;
                case ParameterType.Size:
                    _ = MainConfig.Empty.GetSize(definition.Name);
                    break;
                default:
                    _ = MainConfig.Empty.Get(definition.Name);
                    break;
            }
        }
    }

    [Fact]
    public void Unknown_names_are_not_found()
    {
        Assert.False(ParameterRegistry.TryGet("no_such_parameter", out var definition));
        Assert.Null(definition);
    }
}
