// Decides whether a user name and password are right, over the configured password sources in order.
// Trusts: its sources and libcrypt. Must never: answer faster for an unknown user than for a wrong password
// (an unknown user is checked against a dummy hash), or keep or log the password.
namespace Estafeta.Auth;

/// <summary>The answer of one check.</summary>
public enum AuthOutcome
{
    Success,
    Failure,

    /// <summary>A source could not be read: "454 4.7.0 Temporary authentication failure".</summary>
    TemporaryFailure,
}

/// <summary>Checks passwords against the first source that knows the user.</summary>
public sealed class PasswordVerifier
{
    private readonly IReadOnlyList<IPasswordSource> _sources;
    private readonly ICryptHasher _hasher;
    private readonly string _dummyHash;

    /// <param name="dummyHash">What an unknown user's password is checked against, so that the check costs the same;
    /// null makes a sha512-crypt hash of random bytes (the scheme `estafeta passwd` writes).</param>
    public PasswordVerifier(IReadOnlyList<IPasswordSource> sources, ICryptHasher? hasher = null, string? dummyHash = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
        _hasher = hasher ?? CryptHasher.Instance;
        _dummyHash = dummyHash ?? CryptHasher.Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)), "$6$");
    }

    public IReadOnlyList<IPasswordSource> Sources => _sources;

    /// <summary>Builds the sources named in estafeta_sasl_password_sources ("passwd-file", "system").</summary>
    /// <exception cref="ArgumentException">An unknown source name (the message names it).</exception>
    public static PasswordVerifier FromNames(IEnumerable<string> names, string passwordFile)
    {
        ArgumentNullException.ThrowIfNull(names);
        var sources = new List<IPasswordSource>();
        foreach (var name in names)
        {
            sources.Add(name.ToLowerInvariant() switch
            {
                "passwd-file" => new PasswordFile(passwordFile),
                "system" => new SystemAccounts(),
                _ => throw new ArgumentException($"unknown password source \"{name}\" (known: passwd-file, system)"),
            });
        }

        return new PasswordVerifier(sources);
    }

    public AuthOutcome Verify(string user, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? hash = null;
        foreach (var source in _sources)
        {
            try
            {
                hash = source.FindHash(user);
            }
            catch (PasswordSourceException)
            {
                _hasher.Verify(password, _dummyHash);
                return AuthOutcome.TemporaryFailure;
            }

            if (hash is not null)
            {
                break;
            }
        }

        if (hash is null)
        {
            _hasher.Verify(password, _dummyHash);
            return AuthOutcome.Failure;
        }

        return _hasher.Verify(password, hash) ? AuthOutcome.Success : AuthOutcome.Failure;
    }

    /// <summary>The source problem for the log when <see cref="Verify"/> said TemporaryFailure (no secrets in it).</summary>
    public string? LastSourceProblem(string user)
    {
        foreach (var source in _sources)
        {
            try
            {
                source.FindHash(user);
            }
            catch (PasswordSourceException e)
            {
                return e.Message;
            }
        }

        return null;
    }
}
