using System.Net;
using Estafeta.Core;
using Microsoft.Extensions.Logging;

namespace Estafeta.Policy.Tests;

/// <summary>A temp directory with an aliases file, the settings of a small site, and a log recorder.</summary>
internal sealed class PolicyFixture : IDisposable
{
    public const string Local = "mail.example.test";

    public PolicyFixture()
    {
        Directory.CreateDirectory(Dir);
        AliasesPath = Write("aliases", "postmaster: root\nstaff: root, nobody\n");
        Settings = new PolicySettings
        {
            MyHostname = Local,
            MyDestination = [Local, "localhost"],
            MyNetworks = ["127.0.0.1/32", "[::1]/128"],
            InetInterfaces = ["127.0.0.1"],
            RelayRestrictions = ["permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination"],
            LocalRecipientMaps = ["proxy:unix:passwd.byname", $"hash:{AliasesPath}"],
            AliasMaps = [$"hash:{AliasesPath}"],
            RecipientDelimiter = "+",
        };
    }

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "estafeta-policy-" + Guid.NewGuid().ToString("N"));

    public string AliasesPath { get; }

    public PolicySettings Settings { get; }

    public RecordingLoggerFactory Logs { get; } = new();

    public FakeDomainResolver Dns { get; } = new();

    public static ClientInfo Outsider { get; } = new() { Address = IPAddress.Parse("127.0.0.9"), Helo = "outside.example" };

    public static ClientInfo Insider { get; } = new() { Address = IPAddress.Loopback, Helo = "inside.example" };

    public string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public SmtpdPolicy Policy(PolicySettings? settings = null) => new(settings ?? Settings, Logs, Dns);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

internal sealed class FakeDomainResolver : IDomainResolver
{
    public Dictionary<string, DomainStatus> Answers { get; } = new(StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public ValueTask<DomainStatus> GetStatusAsync(string domain, CancellationToken cancellationToken)
    {
        Asked.Add(domain);
        return ValueTask.FromResult(Answers.GetValueOrDefault(domain, DomainStatus.NotFound));
    }
}

internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public List<(string Category, LogLevel Level, string Message)> Entries { get; } = [];

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries)
            {
                owner.Entries.Add((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
