namespace Estafeta.Delivery.Local;

/// <summary>sysexits.h codes as Postfix maps them to enhanced status codes (global/sys_exits.c):
/// a 4.x.x code defers, a 5.x.x code bounces.</summary>
internal static class SysExits
{
    private static readonly Dictionary<int, (string Dsn, string Text)> Table = new()
    {
        [64] = ("5.3.0", "command line usage error"),
        [65] = ("5.6.0", "data format error"),
        [66] = ("5.3.0", "cannot open input"),
        [67] = ("5.1.1", "user unknown"),
        [68] = ("5.1.2", "host name unknown"),
        [69] = ("5.3.0", "service unavailable"),
        [70] = ("5.3.0", "internal software error"),
        [71] = ("4.3.0", "system resource problem"),
        [72] = ("5.3.0", "critical OS file missing"),
        [73] = ("5.2.0", "can't create user output file"),
        [74] = ("5.3.0", "input/output error"),
        [75] = ("4.3.0", "temporary failure"),
        [76] = ("5.5.0", "remote error in protocol"),
        [77] = ("5.7.0", "permission denied"),
        [78] = ("5.3.5", "local configuration error"),
    };

    /// <summary>The dsn and text for a sysexits code, or null for any other exit status.</summary>
    public static (string Dsn, string Text)? Find(int exitCode) => Table.TryGetValue(exitCode, out var entry) ? entry : null;
}
