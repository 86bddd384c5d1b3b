using System.Globalization;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Queue;

/// <summary>
/// One message being written to tmp/ID. Lines stream straight to the file; an I/O error is kept
/// (not thrown) so the caller can go on reading the client's DATA and get the right reply at
/// <see cref="Commit"/>. Disposing without a successful commit removes the temporary file.
/// </summary>
public sealed class QueueFileWriter : IDisposable
{
    private readonly QueueStore _store;
    private readonly string _tempPath;
    private readonly int _linePieceLimit;
    private QueueRecordWriter? _records;
    private QueueCommitResult? _failure;
    private bool _committed;
    private bool _disposed;

    private QueueFileWriter(QueueStore store, string queueId, string tempPath, int linePieceLimit)
    {
        _store = store;
        QueueId = queueId;
        _tempPath = tempPath;
        _linePieceLimit = linePieceLimit;
    }

    public string QueueId { get; }

    /// <summary>Content bytes taken so far, each line counted with a CRLF.</summary>
    public long ContentSize { get; private set; }

    /// <summary>Set once a write failed; the commit will report it.</summary>
    public QueueCommitResult? Failure => _failure;

    /// <summary>Creates tmp/ID (O_CREAT|O_EXCL, 0600) and writes the envelope records. Throws IOException.</summary>
    internal static QueueFileWriter Create(QueueStore store, string queueId, DateTimeOffset arrival, ClientInfo client, Envelope envelope, int linePieceLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(linePieceLimit, 1);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the queue needs POSIX file modes");
        }

        var tempPath = store.TemporaryPath(queueId);

        // A spare file (a delivered message's, emptied) saves allocating an inode; it is truncated again on open.
        var reused = store.Spares.TryTake(tempPath);
        var options = new FileStreamOptions
        {
            Mode = reused ? FileMode.Truncate : FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0, // QueueRecordWriter buffers (pooled)
            UnixCreateMode = reused ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        var writer = new QueueFileWriter(store, queueId, tempPath, linePieceLimit);
        try
        {
            writer._records = new QueueRecordWriter(new FileStream(tempPath, options));
            writer.WriteEnvelope(arrival, client, envelope);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>One content line without its line ending; a line longer than the piece limit is stored in pieces.</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ContentSize += line.Length + 2;
        if (_failure is not null || _records is null)
        {
            return;
        }

        try
        {
            while (line.Length > _linePieceLimit)
            {
                _records.Write(QueueRecordType.LinePiece, line[.._linePieceLimit]);
                line = line[_linePieceLimit..];
            }

            _records.Write(QueueRecordType.Line, line);
        }
        catch (IOException exception)
        {
            Fail(exception);
        }
    }

    /// <summary>END record → fsync(file) → rename into incoming/ → fsync(incoming). Only
    /// <see cref="QueueCommitResult.Committed"/> means the message is safe.</summary>
    public QueueCommitResult Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("queue file already committed");
        }

        if (_failure is { } failure || _records is null)
        {
            return _failure ?? QueueCommitResult.WriteError;
        }

        var incomingPath = _store.PathOf(QueueName.Incoming, QueueId);
        var renamed = false;
        try
        {
            _records.WriteEnd(ContentSize);
            _records.SyncToDisk();
            _records.Dispose();
            _records = null;
            File.Move(_tempPath, incomingPath, overwrite: false);
            renamed = true;
            _store.IncomingSync.Sync();
            _committed = true;
            return QueueCommitResult.Committed;
        }
        catch (IOException exception)
        {
            Fail(exception);
            if (renamed)
            {
                TryDelete(incomingPath);
            }

            return _failure!.Value;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (_records is not null)
        {
            try
            {
                _records.Dispose();
            }
            catch (IOException)
            {
                // Closing failed: the file is being thrown away anyway.
            }

            _records = null;
        }

        if (!_committed)
        {
            TryDelete(_tempPath);
        }
    }

    private void WriteEnvelope(DateTimeOffset arrival, ClientInfo client, Envelope envelope)
    {
        var records = _records!;
        records.Write(QueueRecordType.Version, Encoding.ASCII.GetBytes(QueueRecordType.VersionText));
        var micros = (arrival.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        records.Write(QueueRecordType.Arrival, Encoding.ASCII.GetBytes(micros.ToString(CultureInfo.InvariantCulture)));
        records.Write(QueueRecordType.Sender, Encoding.UTF8.GetBytes(envelope.Sender));
        foreach (var (name, value) in QueueEnvelopeAttributes.From(client, envelope))
        {
            records.Write(QueueRecordType.Attribute, Encoding.UTF8.GetBytes(name + "=" + value));
        }

        foreach (var recipient in envelope.Recipients)
        {
            records.Write(QueueRecordType.Recipient, QueueRecipientCodec.Encode(recipient));
        }

        records.Write(QueueRecordType.ContentStart, []);
    }

    private void Fail(IOException exception)
    {
        _failure ??= StorageErrors.Classify(exception);
        _store.LogWriteError(QueueId, exception);
        try
        {
            _records?.Dispose();
        }
        catch (IOException)
        {
            // Closing failed as well; the file goes away below.
        }

        _records = null;
        TryDelete(_tempPath);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Recovery at the next start removes what is left in tmp/.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
