// A short memory of getpwnam answers: the SMTP server, the alias expansion and the local delivery agent each ask for
// the same recipient within milliseconds, and every lookup through NSS costs tens of system calls (a name that is not
// a local account goes through every NSS source, systemd's userdb directories included).
// Trusts: /etc/passwd's modification time to say when local accounts changed. Must never: answer from memory after
// /etc/passwd changed (useradd, userdel, vipw), or keep an answer longer than Lifetime for accounts from other NSS
// sources (LDAP, sssd), or grow without bound when clients probe random names.
using System.Collections.Concurrent;

namespace Estafeta.Tables;

internal static class AccountCache
{
    private const string PasswdFile = "/etc/passwd";
    private const int MaxEntries = 10_000;
    private const long LifetimeMilliseconds = 5_000;
    private static readonly ConcurrentDictionary<string, Entry> ByName = new(StringComparer.Ordinal);

    /// <summary>The remembered answer for <paramref name="name"/> (an account or "none"), if still valid.</summary>
    public static bool TryGet(string name, out UnixAccount? account)
    {
        account = null;
        if (!ByName.TryGetValue(name, out var entry) || Environment.TickCount64 > entry.ExpiresAt || entry.PasswdStamp != CurrentStamp())
        {
            return false;
        }

        account = entry.Account;
        return true;
    }

    public static void Remember(string name, UnixAccount? account, long passwdStamp)
    {
        if (ByName.Count >= MaxEntries)
        {
            ByName.Clear();
        }

        ByName[name] = new Entry(account, Environment.TickCount64 + LifetimeMilliseconds, passwdStamp);
    }

    /// <summary>/etc/passwd's modification time (0 when it cannot be read); take it before the lookup it stamps.</summary>
    public static long CurrentStamp()
    {
        try
        {
            return File.GetLastWriteTimeUtc(PasswdFile).Ticks;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private readonly record struct Entry(UnixAccount? Account, long ExpiresAt, long PasswdStamp);
}
