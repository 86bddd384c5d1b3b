using System.Text;
using Estafeta.Core;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.Cleanup;

/// <summary>
/// One message on its way into the queue. Headers are inspected one logical header at a time
/// (only the header being read is held in memory, at most header_size_limit bytes); everything
/// else goes straight to the queue file. Missing headers are added at the end of the header block.
/// </summary>
/// <remarks>
/// Known gap, kept on purpose: Smtpd hands a line longer than its 64 KiB read buffer over as several
/// AppendLine calls, and each is stored as a line of its own. Joining them needs a "this line continues"
/// record from the queue writer (QueueFileWriter only offers whole lines, which it splits itself) and
/// Smtpd to pass its LinePiece status on; both belong to other projects. Pickup hands whole lines.
/// </remarks>
internal sealed class CleanupMessageWriter : IMessageWriter
{
    private readonly QueueFileWriter _queueFile;
    private readonly CleanupSettings _settings;
    private readonly ClientInfo _client;
    private readonly string _sender;
    private readonly string? _fullName;
    private readonly DateTimeOffset _arrival;
    private readonly TimeZoneInfo _zone;
    private readonly ILogger _logger;
    private readonly List<byte[]> _header = [];
    private int _headerBytes;
    private bool _inHeaders = true;
    private int _receivedCount;
    private bool _sawDate;
    private bool _sawFrom;
    private string? _messageId;
    private bool _tooBig;
    private bool _finished;

    public CleanupMessageWriter(QueueFileWriter queueFile, CleanupSettings settings, ClientInfo client, Envelope envelope, string? fullName, DateTimeOffset arrival, TimeZoneInfo zone, ILogger logger)
    {
        _queueFile = queueFile;
        _settings = settings;
        _client = client;
        _sender = envelope.Sender;
        _fullName = fullName;
        _arrival = arrival;
        _zone = zone;
        _logger = logger;
        foreach (var line in AddedHeaders.Received(client, envelope, queueFile.QueueId, settings, arrival, zone))
        {
            WriteText(line);
        }
    }

    public string QueueId => _queueFile.QueueId;

    public long Size { get; private set; }

    public void AppendLine(ReadOnlySpan<byte> line)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        Size += line.Length + 2;
        if (_settings.MessageSizeLimit > 0 && Size > _settings.MessageSizeLimit)
        {
            // Keep taking the client's data (the session stays in step) but store no more of it.
            _tooBig = true;
            return;
        }

        if (!_inHeaders)
        {
            _queueFile.WriteLine(line);
            return;
        }

        if (HeaderLine.IsContinuation(line) && _header.Count > 0)
        {
            KeepHeaderLine(line);
            return;
        }

        FlushHeader();
        if (HeaderLine.NameOf(line).IsEmpty)
        {
            // The empty line ends the headers; any other non-header line starts the body, and the
            // separating empty line is put in so the stored message is well formed.
            EndHeaders();
            _queueFile.WriteLine([]);
            if (!line.IsEmpty)
            {
                _queueFile.WriteLine(line);
            }

            return;
        }

        KeepHeaderLine(line);
    }

    public ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_inHeaders)
        {
            FlushHeader();
            EndHeaders();
        }

        _finished = true;
        SmtpReply reply;
        if (_receivedCount > _settings.HopcountLimit)
        {
            reply = CleanupReplies.TooManyHops;
        }
        else if (_tooBig)
        {
            reply = CleanupReplies.MessageTooBig;
        }
        else
        {
            reply = _queueFile.Commit() switch
            {
                QueueCommitResult.Committed => CleanupReplies.Queued(QueueId),
                QueueCommitResult.InsufficientStorage => CleanupReplies.InsufficientStorage,
                _ => CleanupReplies.WriteError,
            };
        }

        if (reply.IsPositive)
        {
            CleanupLog.MessageId(_logger, QueueId, _messageId ?? string.Empty);
        }
        else
        {
            CleanupLog.Rejected(_logger, QueueId, reply.Summary);
            _queueFile.Dispose();
        }

        return ValueTask.FromResult(reply);
    }

    public ValueTask DisposeAsync()
    {
        _finished = true;
        _queueFile.Dispose();
        return ValueTask.CompletedTask;
    }

    // Postfix's header_size_limit: what does not fit of one header is discarded.
    private void KeepHeaderLine(ReadOnlySpan<byte> line)
    {
        var room = _settings.HeaderSizeLimit - _headerBytes;
        if (room <= 0)
        {
            return;
        }

        var kept = line.Length <= room ? line : line[..room];
        _header.Add(kept.ToArray());
        _headerBytes += kept.Length;
    }

    /// <summary>Decides on the header read so far: count, drop or remember it, then store it.</summary>
    private void FlushHeader()
    {
        if (_header.Count == 0)
        {
            return;
        }

        var name = HeaderLine.NameOf(_header[0]);
        var keep = true;
        if (HeaderLine.Is(name, "Received"))
        {
            _receivedCount++;
        }
        else if (HeaderLine.Is(name, "Bcc") || HeaderLine.Is(name, "Resent-Bcc"))
        {
            keep = false;
        }
        else if (HeaderLine.Is(name, "Message-ID"))
        {
            _messageId ??= UnfoldedValue();
        }
        else if (HeaderLine.Is(name, "Date"))
        {
            _sawDate = true;
        }
        else if (HeaderLine.Is(name, "From"))
        {
            _sawFrom = true;
        }

        if (keep)
        {
            foreach (var line in _header)
            {
                _queueFile.WriteLine(line);
            }
        }

        _header.Clear();
        _headerBytes = 0;
    }

    private void EndHeaders()
    {
        _inHeaders = false;
        if (_messageId is null)
        {
            _messageId = AddedHeaders.MessageId(QueueId, _settings.MyHostname, _arrival, _zone);
            WriteText("Message-ID: " + _messageId);
        }

        if (!_sawDate)
        {
            WriteText("Date: " + AddedHeaders.MailDate(_arrival, _zone));
        }

        if (!_sawFrom && (_client.Protocol == "LOCAL" || _settings.AlwaysAddMissingHeaders))
        {
            WriteText(AddedHeaders.From(_sender, _fullName));
        }
    }

    private string UnfoldedValue()
    {
        var text = new StringBuilder();
        foreach (var line in _header)
        {
            text.Append(Encoding.UTF8.GetString(line));
        }

        var value = text.ToString();
        return value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private void WriteText(string line) => _queueFile.WriteLine(Encoding.UTF8.GetBytes(line));
}
