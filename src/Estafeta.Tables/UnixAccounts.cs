// The system's accounts through libc getpwnam_r, so NSS (files, LDAP, sssd...) counts as for Postfix.
// Trusts: libc and the NSS modules it loads. Must never: build a path or a command from a name
// that this lookup did not return (the caller maps local parts to accounts, never to files).
using System.Runtime.InteropServices;

namespace Estafeta.Tables;

/// <summary>getpwnam(3) for .NET.</summary>
public static partial class UnixAccounts
{
    private const int ERANGE = 34;
    private const int MaxBufferSize = 1 << 20;

    /// <summary>The account named <paramref name="name"/>, or null when there is none.</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static UnixAccount? FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) || !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return null;
        }

        for (var size = 1024; size <= MaxBufferSize; size *= 4)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var status = GetPasswordEntry(name, out var entry, buffer, (nuint)size, out var result);
                if (status == ERANGE)
                {
                    continue;
                }

                if (result == IntPtr.Zero)
                {
                    // 0, ENOENT, ESRCH, EBADF, EPERM all mean "no such user" per getpwnam_r(3).
                    return status is 0 or 2 or 3 or 9 or 1 ? null : throw new LookupTableException($"unix:passwd.byname: getpwnam_r(\"{name}\") failed: errno {status}");
                }

                return new UnixAccount(
                    Marshal.PtrToStringUTF8(entry.Name) ?? name,
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

        throw new LookupTableException($"unix:passwd.byname: entry for \"{name}\" larger than {MaxBufferSize} bytes");
    }

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPasswordEntry(string name, out PasswdEntry entry, IntPtr buffer, nuint bufferLength, out IntPtr result);

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
