using System.Runtime.InteropServices;

namespace Estafeta.Delivery.Local;

/// <summary>Look-ups in the system's account database (getpwnam/getgrnam), read once and kept.</summary>
internal static class SystemAccounts
{
    // getpwnam and getgrnam return static storage: one caller at a time.
    private static readonly Lock Gate = new();

    /// <summary>The uid and gid of a user name, or null when there is no such user.</summary>
    public static (uint UserId, uint GroupId)? FindUser(string name)
    {
        lock (Gate)
        {
            // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
            var entry = LibC.GetPasswordEntryByName(name);
            return entry == 0 ? null : ((uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size), (uint)Marshal.ReadInt32(entry, (2 * IntPtr.Size) + 4));
        }
    }

    /// <summary>The gid of a group name, or null when there is no such group.</summary>
    public static uint? FindGroup(string name)
    {
        lock (Gate)
        {
            // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; ... }
            var entry = LibC.GetGroupByName(name);
            return entry == 0 ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }
}
