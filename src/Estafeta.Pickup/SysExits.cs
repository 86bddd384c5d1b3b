namespace Estafeta.Pickup;

/// <summary>sysexits.h codes, as Postfix's sendmail exits with them.</summary>
public static class SysExits
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int NoUser = 67;
    public const int Unavailable = 69;
    public const int Software = 70;
    public const int OsError = 71;
    public const int TemporaryFailure = 75;
    public const int NoPermission = 77;
    public const int Config = 78;
}
