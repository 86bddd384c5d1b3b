// Session I/O: bounded command-line reads, batched replies (flushed only when no more input is
// buffered, as Postfix does for pipelining clients), the idle timeout and the error-sleep delay.
using System.Buffers;
using System.IO.Pipelines;
using Estafeta.Core;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

public sealed partial class SmtpSession
{
    private CancellationTokenSource _timeout;
    private CancellationTokenSource _readToken = new();
    private CancellationToken _stopping;
    private bool _outputPending;

    private async ValueTask ReplyAsync(SmtpReply reply)
    {
        // Postfix's sleep-on-anything: once the soft limit is reached every reply is delayed.
        if (_errorCount >= _settings.SoftErrorLimit && _settings.ErrorSleepTime > TimeSpan.Zero)
        {
            await FlushAsync();
            await Task.Delay(_settings.ErrorSleepTime, _time, _stopping);
        }

        SmtpReplyWriter.Write(_output, reply);
        _outputPending = true;
    }

    /// <param name="arm">False when the caller already armed the idle timer for the read that follows,
    /// so that the timer runs from before the client can see our reply.</param>
    private async ValueTask FlushAsync(bool arm = true)
    {
        if (!_outputPending)
        {
            return;
        }

        _outputPending = false;
        if (arm)
        {
            ArmTimeout();
        }

        var result = await _output.FlushAsync(_readToken.Token);
        if (result.IsCompleted)
        {
            throw new ConnectionLostException();
        }
    }

    /// <summary>Best effort last words (421) before closing; the client may already be gone.</summary>
    private async ValueTask TryFinalReplyAsync(SmtpReply reply)
    {
        try
        {
            SmtpReplyWriter.Write(_output, reply);
            using var limit = new CancellationTokenSource(_settings.Timeout, _time);
            await _output.FlushAsync(limit.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // Nothing more can be said to this client.
        }
    }

    private void ArmTimeout()
    {
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _readToken.Dispose();
            _timeout = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, _time);
            _readToken = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, _stopping);
        }

        _timeout.CancelAfter(_settings.Timeout);
    }

    /// <summary>Input that is already buffered, or waits for more (flushing pending replies first).</summary>
    /// <param name="mustWait">True when the buffered input was examined and found incomplete.</param>
    private async ValueTask<ReadResult> ReadInputAsync(bool mustWait)
    {
        if (!mustWait && _input.TryRead(out var buffered))
        {
            if (buffered.Buffer.Length > 0 || buffered.IsCompleted)
            {
                return buffered;
            }

            _input.AdvanceTo(buffered.Buffer.Start);
        }

        ArmTimeout();
        await FlushAsync(arm: false);
        return await _input.ReadAsync(_readToken.Token);
    }

    /// <summary>True when the client sent more than it was allowed to before seeing our reply.</summary>
    private bool InputPending(out string pending)
    {
        pending = string.Empty;
        if (!_input.TryRead(out var result))
        {
            return false;
        }

        var buffer = result.Buffer;
        var has = buffer.Length > 0;
        if (has)
        {
            var head = buffer.Slice(0, Math.Min(buffer.Length, 100)).ToArray();
            pending = LogText.EscapeWithoutSecrets(head);
        }

        _input.AdvanceTo(buffer.Start);
        return has;
    }

    private async ValueTask<CommandLine> ReadCommandLineAsync()
    {
        var mustWait = false;
        var discarding = false;
        while (true)
        {
            var result = await ReadInputAsync(mustWait);
            var buffer = result.Buffer;
            var status = CommandLineReader.TryRead(
                buffer, _settings.CommandLineLimit, out var line, out var consumed, out var crlf, out var lineEndSeen);
            if (discarding || status == CommandLineStatus.TooLong)
            {
                if (lineEndSeen)
                {
                    _input.AdvanceTo(consumed);
                    return new CommandLine(0, true, TooLong: true);
                }

                // Resynchronise at the next line end: drop what we have, never buffer it.
                _input.AdvanceTo(buffer.End);
                discarding = true;
            }
            else if (status == CommandLineStatus.Line)
            {
                // Length is taken before AdvanceTo: the pipe recycles the segments the line points into.
                var length = (int)line.Length;
                line.CopyTo(_line);
                _input.AdvanceTo(consumed);
                return new CommandLine(length, crlf, TooLong: false);
            }
            else
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                throw new ConnectionLostException();
            }

            mustWait = true;
        }
    }

    /// <summary>Feeds exactly <paramref name="count"/> bytes of input to <paramref name="sink"/> (or drops them when null).</summary>
    private async ValueTask ReadExactlyAsync(long count, Action<ReadOnlySequence<byte>>? sink)
    {
        var remaining = count;
        while (remaining > 0)
        {
            var result = await ReadInputAsync(mustWait: false);
            var buffer = result.Buffer;
            var slice = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            sink?.Invoke(slice);
            remaining -= slice.Length;
            _input.AdvanceTo(slice.End);
            if (remaining > 0 && result.IsCompleted)
            {
                throw new ConnectionLostException();
            }
        }
    }
}
