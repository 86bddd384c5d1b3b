using System.Globalization;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Pickup;

/// <summary>
/// Writes one drop file: maildrop/tmp.RANDOM (O_CREAT|O_EXCL|O_NOFOLLOW, 0600, so the kernel records the
/// writer as its owner), content, envelope, fsync, rename to its final name, fsync of the folder.
/// Disposed without <see cref="Commit"/>, it removes the temporary file.
/// </summary>
internal sealed class DropFileWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] LineFeed = [(byte)'\n'];

    private readonly string _directory;
    private readonly string _temporaryPath;
    private readonly FileStream _stream;
    private readonly long _contentStart;
    private long _contentEnd = -1;
    private bool _committed;

    private DropFileWriter(string directory, string temporaryPath, FileStream stream)
    {
        _directory = directory;
        _temporaryPath = temporaryPath;
        _stream = stream;
        WriteText($"{DropFileFormat.Magic}\n{DropFileFormat.ContentKeyword} ");
        _contentStart = _stream.Position + DropFileFormat.LengthDigits + 1;
        WriteText(new string('0', DropFileFormat.LengthDigits) + "\n");
    }

    /// <summary>Creates maildrop/tmp.RANDOM. Throws IOException (HResult = errno) when it cannot.</summary>
    public static DropFileWriter Create(string maildropDirectory)
    {
        const int Attempts = 10;
        for (var attempt = 0; ; attempt++)
        {
            var path = Path.Combine(maildropDirectory, MaildropFolder.NewTemporaryName());
            try
            {
                var handle = NativeMethods.OpenFile(
                    path,
                    NativeMethods.OWrOnly | NativeMethods.OCreat | NativeMethods.OExcl | NativeMethods.ONoFollow,
                    0b110_000_000);
                return new DropFileWriter(maildropDirectory, path, new FileStream(handle, FileAccess.Write, BufferSize));
            }
            catch (IOException e) when (e.HResult == 17 && attempt < Attempts)
            {
                // EEXIST: another name.
            }
        }
    }

    /// <summary>Content bytes written so far (lines with their LF).</summary>
    public long ContentLength => (_contentEnd < 0 ? _stream.Position : _contentEnd) - _contentStart;

    /// <summary>A piece of a content line; <paramref name="endOfLine"/> adds its LF.</summary>
    public void WriteContent(ReadOnlySpan<byte> piece, bool endOfLine)
    {
        _stream.Write(piece);
        if (endOfLine)
        {
            _stream.Write(LineFeed);
        }
    }

    /// <summary>Ends the content and writes the envelope. Values must hold no CR, LF or NUL.</summary>
    public void WriteEnvelope(string sender, string? fullName, DsnNotify notify, string? envelopeId, BodyType body, IEnumerable<string> recipients)
    {
        _contentEnd = _stream.Position;
        var text = new StringBuilder();
        Append(text, DropFileFormat.Sender, sender);
        if (fullName is not null)
        {
            Append(text, DropFileFormat.FullName, fullName);
        }

        if (notify != DsnNotify.Unspecified)
        {
            Append(text, DropFileFormat.Notify, ((int)notify).ToString(CultureInfo.InvariantCulture));
        }

        if (envelopeId is not null)
        {
            Append(text, DropFileFormat.EnvelopeId, envelopeId);
        }

        if (body != BodyType.Unspecified)
        {
            Append(text, DropFileFormat.Body, body == BodyType.EightBitMime ? "8BITMIME" : "7BIT");
        }

        foreach (var recipient in recipients)
        {
            Append(text, DropFileFormat.Recipient, recipient);
        }

        text.Append(DropFileFormat.End).Append('\n');
        WriteText(text.ToString());
    }

    /// <summary>Fills in the content length, makes the file durable and gives it its final name.</summary>
    /// <returns>The final file name.</returns>
    public string Commit(DateTimeOffset now)
    {
        if (_contentEnd < 0)
        {
            throw new InvalidOperationException("the envelope was not written");
        }

        var end = _stream.Position;
        _stream.Position = _contentStart - DropFileFormat.LengthDigits - 1;
        WriteText((_contentEnd - _contentStart).ToString("D" + DropFileFormat.LengthDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        _stream.Position = end;
        _stream.Flush(flushToDisk: true);

        // rename(2) itself: File.Move without overwrite links then unlinks, and pickup must never see the
        // file with two links. The name has 64 random bits, so it replaces nothing.
        var name = MaildropFolder.NewFinalName(now);
        NativeMethods.Rename(_temporaryPath, Path.Combine(_directory, name));
        _committed = true;
        SyncDirectoryEntry();
        _stream.Dispose();
        return name;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (!_committed)
        {
            try
            {
                File.Delete(_temporaryPath);
            }
            catch (IOException)
            {
                // Pickup removes stale temporary files.
            }
        }
    }

    // An ordinary user may not open maildrop/ (mode 1733 has no read bit for them), so cannot fsync it;
    // syncfs through the file's own descriptor makes the rename durable all the same.
    private void SyncDirectoryEntry()
    {
        try
        {
            NativeMethods.FsyncDirectory(_directory);
        }
        catch (IOException e) when (e.HResult == NativeMethods.EAcces)
        {
            NativeMethods.SyncFileSystem(_stream.SafeFileHandle, _directory);
        }
    }

    private static void Append(StringBuilder text, string keyword, string value)
    {
        if (!DropFileFormat.IsCleanValue(value))
        {
            throw new ArgumentException($"{keyword} holds CR, LF or NUL", nameof(value));
        }

        text.Append(keyword).Append(' ').Append(value).Append('\n');
    }

    private void WriteText(string text) => _stream.Write(Encoding.UTF8.GetBytes(text));
}
