using Estafeta.Delivery;
using Microsoft.Extensions.Logging;

namespace Estafeta.Aliases.Tests;

/// <summary>A temp directory with an aliases file, and an expander for domain "host.test" reading it.</summary>
internal sealed class ExpanderFixture : IDisposable
{
    public const string Domain = "host.test";

    private readonly TempDirectory _directory = new();

    public ExpanderFixture(string aliases, Func<LocalExpansionSettings, LocalExpansionSettings>? configure = null)
    {
        AliasFile = Path.Combine(_directory.Path, "aliases");
        File.WriteAllText(AliasFile, aliases);
        var settings = new LocalExpansionSettings { AliasMaps = [$"hash:{AliasFile}"], MyOrigin = Domain };
        Expander = new LocalExpander(configure?.Invoke(settings) ?? settings, domain => domain is Domain or "localhost", Logs);
    }

    public string Directory => _directory.Path;

    public string AliasFile { get; }

    public CapturingLoggerFactory Logs { get; } = new();

    public LocalExpander Expander { get; }

    public IReadOnlyList<string> Warnings =>
        [.. Logs.Lines.Where(line => line.Category == "local" && line.Level == LogLevel.Warning).Select(line => line.Text)];

    public IReadOnlyList<LocalTarget> Expand(string address, string sender = "sender@example.org") =>
        Expander.Expand(address, sender).Targets;

    public void Dispose() => _directory.Dispose();
}
