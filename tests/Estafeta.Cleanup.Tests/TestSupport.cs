using System.Collections.Concurrent;
using System.Net;
using Estafeta.Core;
using Microsoft.Extensions.Logging;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Estafeta.Cleanup.Tests;

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("estafeta-cleanup-test-").FullName;
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Collects log lines as "category: level: text".</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

internal static class Samples
{
    public static ClientInfo Client => new()
    {
        Address = IPAddress.Parse("192.168.1.20"),
        Port = 40000,
        Name = "pc.example.org",
        ReverseName = "pc.example.org",
        Helo = "pc",
        Protocol = "ESMTP",
        SaslUser = "jose",
    };

    public static Envelope Envelope(params string[] recipients) => new()
    {
        Sender = "jose@example.org",
        Recipients = [.. recipients.Select(r => new EnvelopeRecipient(r))],
    };
}
