// Dovecot's scheme names ({SHA512-CRYPT}, {BLF-CRYPT}, ...) mapped onto crypt(3) prefixes.
// Only schemes that crypt(3) serves are accepted; {ARGON2ID} needs a library that is not pinned yet.
namespace Estafeta.Auth;

/// <summary>The password-file schemes Estafeta understands.</summary>
public static class PasswordSchemes
{
    public const string Default = "SHA512-CRYPT";

    /// <summary>Scheme name → crypt(3) prefix used to make a new hash.</summary>
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SHA512-CRYPT"] = "$6$",
        ["SHA256-CRYPT"] = "$5$",
        ["BLF-CRYPT"] = "$2b$",
        ["CRYPT"] = "$y$",
    };

    public static IReadOnlyCollection<string> Names => Prefixes.Keys;

    public static bool IsKnown(string scheme) => Prefixes.ContainsKey(scheme);

    /// <summary>The crypt(3) prefix of a known scheme.</summary>
    public static string CryptPrefix(string scheme) =>
        Prefixes.TryGetValue(scheme, out var prefix) ? prefix : throw new ArgumentException($"unknown password scheme {{{scheme}}}", nameof(scheme));

    /// <summary>Does the stored hash fit the scheme it is labelled with? ({CRYPT} takes any crypt(3) hash.)</summary>
    public static bool HashFits(string scheme, string hash) => scheme.ToUpperInvariant() switch
    {
        "SHA512-CRYPT" => hash.StartsWith("$6$", StringComparison.Ordinal),
        "SHA256-CRYPT" => hash.StartsWith("$5$", StringComparison.Ordinal),
        "BLF-CRYPT" => hash.StartsWith("$2", StringComparison.Ordinal),
        "CRYPT" => hash.StartsWith('$'),
        _ => false,
    };
}
