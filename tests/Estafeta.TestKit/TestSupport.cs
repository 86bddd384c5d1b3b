using System.Collections.Concurrent;
using System.Net;
using Estafeta.Core;
using Microsoft.Extensions.Logging;


namespace Estafeta.TestKit;

/// <summary>A fresh directory per test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("estafeta-test-").FullName;
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Collects log lines as "category: level: text".</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
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

public static class Samples
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
