// Checks a password against a crypt(3) hash and makes new hashes; a seam so tests can count calls.
// Trusts: libcrypt. Must never: compare hashes in time that depends on where they differ.
using System.Security.Cryptography;
using System.Text;

namespace Estafeta.Auth;

/// <summary>crypt(3) as the verifier uses it.</summary>
public interface ICryptHasher
{
    /// <summary>True when crypt(password, hash) == hash.</summary>
    bool Verify(ReadOnlySpan<byte> password, string hash);
}

/// <summary>The system's libcrypt.</summary>
public sealed class CryptHasher : ICryptHasher
{
    public static readonly CryptHasher Instance = new();

    public bool Verify(ReadOnlySpan<byte> password, string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var computed = LibCrypt.Hash(password, hash);
        if (computed is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(hash));
    }

    /// <summary>A new hash of <paramref name="password"/>; <paramref name="prefix"/> is "$6$" (sha512-crypt),
    /// "$2b$" (bcrypt), "$y$" (yescrypt) or "$5$" (sha256-crypt).</summary>
    public static string Hash(string password, string prefix)
    {
        ArgumentNullException.ThrowIfNull(password);
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return LibCrypt.Hash(bytes, LibCrypt.NewSetting(prefix))
                ?? throw new InvalidOperationException($"libcrypt refused the scheme \"{prefix}\"");
        }
        finally
        {
            Array.Clear(bytes);
        }
    }
}
