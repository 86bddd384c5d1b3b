namespace Estafeta.Tables;

/// <summary>One entry of the system's account database (struct passwd).</summary>
public sealed record UnixAccount(string Name, uint UserId, uint GroupId, string Gecos, string HomeDirectory, string Shell)
{
    /// <summary>The value unix:passwd.byname returns, as Postfix's dict_unix: "name:x:uid:gid:gecos:dir:shell".</summary>
    public string ToPasswdLine() => $"{Name}:x:{UserId}:{GroupId}:{Gecos}:{HomeDirectory}:{Shell}";
}
