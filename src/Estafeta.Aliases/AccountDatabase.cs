// The system's accounts as the expander needs them: by name (getpwnam, through Estafeta.Tables) and
// by uid (getpwuid_r, for the owner of an alias file or :include: file). Trusts: libc and NSS.
// Must never: invent an account; an unknown name or uid is null, a failing lookup throws.
using System.Runtime.InteropServices;
using Estafeta.Delivery;
using Estafeta.Tables;

namespace Estafeta.Aliases;

internal static partial class AccountDatabase
{
    private const int ERANGE = 34;
    private const int MaxBufferSize = 1 << 20;

    /// <summary>getpwnam: the account, or null when there is none.</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static LocalUser? FindByName(string name) =>
        UnixAccounts.FindByName(name) is { } account ? ToLocalUser(account) : null;

    /// <summary>getpwuid: the account with this uid, or null when there is none.</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static LocalUser? FindById(uint userId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        for (var size = 1024; size <= MaxBufferSize; size *= 4)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var status = GetPasswordEntryById(userId, out var entry, buffer, (nuint)size, out var result);
                if (status == ERANGE)
                {
                    continue;
                }

                if (result == IntPtr.Zero)
                {
                    // 0, ENOENT, ESRCH, EBADF, EPERM all mean "no such user" per getpwuid_r(3).
                    return status is 0 or 1 or 2 or 3 or 9 ? null : throw new LookupTableException($"getpwuid_r({userId}) failed: errno {status}");
                }

                return new LocalUser(
                    Marshal.PtrToStringUTF8(entry.Name) ?? userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    entry.UserId,
                    entry.GroupId,
                    Marshal.PtrToStringUTF8(entry.Directory) ?? string.Empty,
                    Marshal.PtrToStringUTF8(entry.Shell) ?? string.Empty);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        throw new LookupTableException($"getpwuid_r({userId}): entry larger than {MaxBufferSize} bytes");
    }

    private static LocalUser ToLocalUser(UnixAccount account) =>
        new(account.Name, account.UserId, account.GroupId, account.HomeDirectory, account.Shell);

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
