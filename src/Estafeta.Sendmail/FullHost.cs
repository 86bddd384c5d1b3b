using System.Runtime.InteropServices;

namespace Estafeta.Sendmail;

/// <summary>Replaces this process with `estafeta NAME ARGS...` (execv), the executable installed in the same folder:
/// standard input, output, error and the exit status stay the caller's, as if it had been run directly.</summary>
internal static partial class FullHost
{
    private const int ExUnavailable = 69;

    public static int Exec(string name, string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "estafeta");
        var argv = new IntPtr[args.Length + 3];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(path);
            argv[1] = Marshal.StringToCoTaskMemUTF8(name);
            for (var i = 0; i < args.Length; i++)
            {
                argv[i + 2] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            _ = Execv(path, argv);
            var errno = Marshal.GetLastPInvokeError();
            Console.Error.WriteLine($"{name}: fatal: cannot run {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
            return ExUnavailable;
        }
        finally
        {
            foreach (var pointer in argv)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, IntPtr[] argv);
}
