namespace Estafeta.Pickup;

/// <summary>
/// The name the program was started under, as the user typed it: the first entry of /proc/self/cmdline
/// (argv[0]), reduced to its last path part. Environment.ProcessPath will not do: it resolves the
/// symbolic link, so /usr/sbin/sendmail → estafeta would read "estafeta".
/// </summary>
public static class InvokedProgramName
{
    /// <summary>"sendmail", "mailq", "newaliases", "estafeta", ...; falls back to the runtime's argv[0].</summary>
    public static string Get()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(cmdline, (byte)0);
            var first = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            if (first.Length > 0)
            {
                return Path.GetFileName(first);
            }
        }
        catch (IOException)
        {
            // No /proc: fall through.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }

        return Path.GetFileName(Environment.GetCommandLineArgs()[0]);
    }

    /// <summary>True for the names under which the executable acts as Postfix's sendmail.</summary>
    public static bool IsSendmailName(string name) => name is "sendmail" or "mailq" or "newaliases";
}
