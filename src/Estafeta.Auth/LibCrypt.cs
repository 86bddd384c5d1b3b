// P/Invoke into the system's libcrypt (libxcrypt on Debian 12): the same crypt(3) that login and
// passwd use, so yescrypt ($y$), sha512-crypt ($6$), sha256-crypt ($5$) and bcrypt ($2b$) all work.
// Trusts: libcrypt. Must never: keep a password in a buffer it does not clear, or share the
// per-call state (crypt_rn gets its own 32 KiB work area each call, so calls may run in parallel).
using System.Runtime.InteropServices;

namespace Estafeta.Auth;

internal static unsafe partial class LibCrypt
{
    private const string Library = "libcrypt.so.1";

    // sizeof(struct crypt_data) in libxcrypt.
    private const int CryptDataSize = 32768;
    private const int SettingSize = 256;

    [LibraryImport(Library, EntryPoint = "crypt_rn")]
    private static partial byte* CryptRn(byte* phrase, byte* setting, void* data, int size);

    [LibraryImport(Library, EntryPoint = "crypt_gensalt_rn")]
    private static partial byte* CryptGensaltRn(byte* prefix, nuint count, byte* rbytes, int nrbytes, byte* output, int outputSize);

    /// <summary>crypt(password, setting); null when libcrypt refuses the setting (unknown or malformed hash).</summary>
    public static string? Hash(ReadOnlySpan<byte> password, string setting)
    {
        var phrase = new byte[password.Length + 1];
        var settingBytes = System.Text.Encoding.ASCII.GetBytes(setting + "\0");
        var data = NativeMemory.AllocZeroed(CryptDataSize);
        try
        {
            password.CopyTo(phrase);
            fixed (byte* p = phrase)
            fixed (byte* s = settingBytes)
            {
                var result = CryptRn(p, s, data, CryptDataSize);

                // libxcrypt signals failure with NULL (crypt_rn) or a string starting with '*'.
                return result is null || *result == (byte)'*' ? null : Marshal.PtrToStringAnsi((nint)result);
            }
        }
        finally
        {
            Array.Clear(phrase);
            NativeMemory.Clear(data, CryptDataSize);
            NativeMemory.Free(data);
        }
    }

    /// <summary>A fresh setting ("$6$salt", "$y$j9T$salt", ...) for <paramref name="prefix"/>, salted by libcrypt's own random source.</summary>
    public static string NewSetting(string prefix)
    {
        var prefixBytes = System.Text.Encoding.ASCII.GetBytes(prefix + "\0");
        var output = stackalloc byte[SettingSize];
        fixed (byte* p = prefixBytes)
        {
            var result = CryptGensaltRn(p, 0, null, 0, output, SettingSize);
            if (result is null || *result == (byte)'*')
            {
                throw new InvalidOperationException($"libcrypt cannot make a setting for \"{prefix}\"");
            }

            return Marshal.PtrToStringAnsi((nint)result)!;
        }
    }
}
