using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Estafeta.MailLog;

/// <summary>
/// Appends lines to <c>maillog_file</c>. The file is opened with O_APPEND so that each line is one
/// write(2) at the real end of the file, even when another process (a second estafeta command, a
/// rotated-in file) writes to it too; .NET's FileMode.Append does not give that (it tracks its own
/// offset). A lock keeps lines from this process whole and in order.
/// </summary>
internal sealed partial class FileLogSink : IMailLogSink
{
    private const int OpenWriteOnly = 0x1;
    private const int OpenCreate = 0x40;
    private const int OpenAppend = 0x400;
    private const int OpenCloseOnExec = 0x80000;
    private const int FileMode0640 = 0x1A0;

    private readonly Lock _lock = new();
    private readonly string _path;
    private SafeFileHandle? _handle;
    private byte[] _buffer = new byte[512];

    public FileLogSink(string path)
    {
        _path = path;
        _handle = Open(path);
    }

    public string Path => _path;

    public void Write(in MailLogEvent logEvent, MailLogLineFormatter formatter, ref string? fileLine)
    {
        fileLine ??= formatter.FileLine(logEvent);
        WriteLine(fileLine);
    }

    internal void WriteLine(string line)
    {
        lock (_lock)
        {
            if (_handle is null)
            {
                return;
            }

            var needed = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
            if (_buffer.Length < needed)
            {
                _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(line, _buffer);
            _buffer[length++] = (byte)'\n';

            // The offset is ignored for an O_APPEND descriptor on Linux: the kernel appends.
            RandomAccess.Write(_handle, _buffer.AsSpan(0, length), 0);
        }
    }

    public void Reopen()
    {
        lock (_lock)
        {
            if (_handle is null)
            {
                return;
            }

            var fresh = Open(_path);
            _handle.Dispose();
            _handle = fresh;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _handle?.Dispose();
            _handle = null;
        }
    }

    private static SafeFileHandle Open(string path)
    {
        var descriptor = OpenFile(path, OpenWriteOnly | OpenCreate | OpenAppend | OpenCloseOnExec, FileMode0640);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);
}
