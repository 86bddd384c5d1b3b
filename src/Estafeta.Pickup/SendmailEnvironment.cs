namespace Estafeta.Pickup;

/// <summary>Everything a sendmail run gets from outside: its configuration, its standard streams and the
/// services only the host has. The submitting user is not in here: it is read from the kernel (getuid).</summary>
public sealed class SendmailEnvironment
{
    public required SendmailSettings Settings { get; init; }

    // The console streams are made only when used: sendmail's start-up time counts (mail runs it per message).
    private Stream? _input;
    private TextWriter? _output;
    private TextWriter? _error;

    public Stream Input { get => _input ??= Console.OpenStandardInput(); init => _input = value; }

    public TextWriter Output { get => _output ??= Console.Out; init => _output = value; }

    public TextWriter Error { get => _error ??= Console.Error; init => _error = value; }

    /// <summary>For -bv; null when the host offers none (then -bv fails with a clear message).</summary>
    public IRecipientVerifier? Verifier { get; init; }

    /// <summary>Names the drop file (arrival order); tests pass a fake.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>$NAME, which Postfix's sendmail takes as the full name before the GECOS field.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
