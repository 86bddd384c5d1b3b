// The machine's own accounts: the hash from /etc/shadow, for users with uid >= 1000 (Debian's first
// ordinary uid) whose account is not locked. Reading /etc/shadow needs root or the "shadow" group;
// nothing else here needs privilege. Trusts: /etc/passwd and /etc/shadow (root's files).
// Must never: let a system account (root, daemon, ...) or a locked account ("!", "*") log in.
namespace Estafeta.Auth;

/// <summary>The system password source (/etc/passwd + /etc/shadow).</summary>
public sealed class SystemAccounts(string passwdPath = "/etc/passwd", string shadowPath = "/etc/shadow", int firstUid = 1000) : IPasswordSource
{
    public string Name => "system";

    public string? FindHash(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Length == 0 || user.AsSpan().IndexOfAny(":\n\r\0") >= 0)
        {
            return null;
        }

        var passwd = FindLine(passwdPath, user);
        if (passwd is null || passwd.Length < 3 || !int.TryParse(passwd[2], out var uid) || uid < firstUid || uid == 65534)
        {
            return null;
        }

        var shadow = FindLine(shadowPath, user);
        var hash = shadow is { Length: > 1 } ? shadow[1] : passwd[1];
        return hash.StartsWith('$') ? hash : null;
    }

    private static string[]? FindLine(string path, string user)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(user + ":", StringComparison.Ordinal))
                {
                    return line.Split(':');
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PasswordSourceException($"cannot read {path}: {e.Message} (reading it needs root or the shadow group)", e);
        }
    }
}
