using System.Runtime.InteropServices;

namespace Estafeta.Delivery.Local;

/// <summary>Look-ups in the system's account database: users through Estafeta.Tables, groups with getgrnam.</summary>
internal static class SystemAccounts
{
    // getgrnam returns static storage: one caller at a time.
    private static readonly Lock Gate = new();

    /// <summary>The uid and gid of a user name, or null when there is no such user (getpwnam_r, via Estafeta.Tables).</summary>
    public static (uint UserId, uint GroupId)? FindUser(string name) =>
        Estafeta.Tables.UnixAccounts.FindByName(name) is { } account ? (account.UserId, account.GroupId) : null;

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
