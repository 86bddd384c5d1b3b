// The system's accounts as the expander needs them: by name (getpwnam) and by uid (getpwuid, for the owner of an
// alias file or :include: file), both through Estafeta.Tables. Trusts: libc and NSS.
// Must never: invent an account; an unknown name or uid is null, a failing lookup throws.
using Estafeta.Delivery;
using Estafeta.Tables;

namespace Estafeta.Aliases;

internal static class AccountDatabase
{
    /// <summary>getpwnam: the account, or null when there is none.</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static LocalUser? FindByName(string name) =>
        UnixAccounts.FindByName(name) is { } account ? ToLocalUser(account) : null;

    /// <summary>getpwuid: the account with this uid, or null when there is none.</summary>
    /// <exception cref="LookupTableException">The account database could not be read.</exception>
    public static LocalUser? FindById(uint userId) =>
        UnixAccounts.FindById(userId) is { } account ? ToLocalUser(account) : null;

    private static LocalUser ToLocalUser(UnixAccount account) =>
        new(account.Name, account.UserId, account.GroupId, account.HomeDirectory, account.Shell);
}
