namespace Estafeta.Config.Tests;

/// <summary>docs/configuration.md is generated from the registry; this fails when it is stale.</summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void Docs_configuration_md_matches_the_registry()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "configuration.md");
        var rendered = ConfigurationReference.Render();
        if (Environment.GetEnvironmentVariable("ESTAFETA_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, rendered);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run with ESTAFETA_UPDATE_DOCS=1 to write it");
        Assert.Equal(rendered, File.ReadAllText(path));
    }

    [Fact]
    public void Reference_lists_every_parameter_with_its_status()
    {
        var rendered = ConfigurationReference.Render();

        foreach (var definition in ParameterRegistry.All)
        {
            Assert.Contains($"| `{definition.Name}` |", rendered, StringComparison.Ordinal);
        }

        Assert.Contains("| `estafeta_dns_servers` | list | (empty) |", rendered, StringComparison.Ordinal);
        Assert.Contains("| implemented, Estafeta extension |", rendered, StringComparison.Ordinal);
        Assert.Contains("| `mailbox_command` | string | (empty) | A command that delivers to the mailbox instead of the local agent. | not yet |", rendered, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Estafeta.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Estafeta.slnx not found above " + AppContext.BaseDirectory);
    }
}
