// The system's accounts through libc getpwnam_r/getpwuid_r, so NSS (files, LDAP, sssd...) counts as for Postfix.
// Trusts: libc and the NSS modules it loads. Must never: build a path or a command from a name
// that this lookup did not return (the caller maps local parts to accounts, never to files).
using System.Globalization;
using System.Runtime.InteropServices;

namespace Estafeta.Tables;

/// <summary>getpwnam(3) and getpwuid(3) for .NET (the reentrant forms, safe from any thread).</summary>
public static partial class UnixAccounts
{
    private const int ERANGE = 34;
    private const int MaxBufferSize = 1 << 20;

    private delegate int Lookup(out PasswdEntry entry, IntPtr buffer, nuint bufferLength, out IntPtr result);

    /// <summary>The account named <paramref name="name"/>, or null when there is none. Answers are remembered for a
    /// few seconds, and forgotten at once when /etc/passwd changes (<see cref="AccountCache"/>).</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static UnixAccount? FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) || !IsSupported)
        {
            return null;
        }

        if (AccountCache.TryGet(name, out var remembered))
        {
            return remembered;
        }

        var stamp = AccountCache.CurrentStamp();
        var account = Find(
            (out PasswdEntry entry, IntPtr buffer, nuint length, out IntPtr result) => GetPasswordEntry(name, out entry, buffer, length, out result),
            name,
            $"getpwnam_r(\"{name}\")");
        AccountCache.Remember(name, account, stamp);
        return account;
    }

    /// <summary>The account with uid <paramref name="userId"/>, or null when there is none.</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static UnixAccount? FindById(uint userId)
    {
        if (!IsSupported)
        {
            return null;
        }

        var text = userId.ToString(CultureInfo.InvariantCulture);
        return Find(
            (out PasswdEntry entry, IntPtr buffer, nuint length, out IntPtr result) => GetPasswordEntryById(userId, out entry, buffer, length, out result),
            text,
            $"getpwuid_r({text})");
    }

    private static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    private static UnixAccount? Find(Lookup lookup, string fallbackName, string call)
    {
        for (var size = 1024; size <= MaxBufferSize; size *= 4)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var status = lookup(out var entry, buffer, (nuint)size, out var result);
                if (status == ERANGE)
                {
                    continue;
                }

                if (result == IntPtr.Zero)
                {
                    // 0, ENOENT, ESRCH, EBADF, EPERM all mean "no such user" per getpwnam_r(3).
                    return status is 0 or 2 or 3 or 9 or 1 ? null : throw new LookupTableException($"unix:passwd.byname: {call} failed: errno {status}");
                }

                return new UnixAccount(
                    Marshal.PtrToStringUTF8(entry.Name) ?? fallbackName,
                    entry.UserId,
                    entry.GroupId,
                    Marshal.PtrToStringUTF8(entry.Gecos) ?? string.Empty,
                    Marshal.PtrToStringUTF8(entry.Directory) ?? string.Empty,
                    Marshal.PtrToStringUTF8(entry.Shell) ?? string.Empty);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        throw new LookupTableException($"unix:passwd.byname: {call}: entry larger than {MaxBufferSize} bytes");
    }

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPasswordEntry(string name, out PasswdEntry entry, IntPtr buffer, nuint bufferLength, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPasswordEntryById(uint userId, out PasswdEntry entry, IntPtr buffer, nuint bufferLength, out IntPtr result);

    [StructLayout(LayoutKind.Sequential)]
    private struct PasswdEntry
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint UserId;
        public uint GroupId;
        public IntPtr Gecos;
        public IntPtr Directory;
        public IntPtr Shell;
    }
}
