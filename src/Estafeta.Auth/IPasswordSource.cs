namespace Estafeta.Auth;

/// <summary>Where a user's password hash comes from (the password file, the system's shadow file).</summary>
public interface IPasswordSource
{
    /// <summary>"passwd-file" or "system", for log lines.</summary>
    string Name { get; }

    /// <summary>The crypt(3) hash for <paramref name="user"/>, or null when this source does not know the user
    /// (or the account cannot log in).</summary>
    /// <exception cref="PasswordSourceException">The source cannot be read now (temporary failure).</exception>
    string? FindHash(string user);
}

/// <summary>A password source that cannot be read (missing permission, I/O error): AUTH answers 454, never "ok".</summary>
public sealed class PasswordSourceException(string message, Exception? inner = null) : Exception(message, inner);
