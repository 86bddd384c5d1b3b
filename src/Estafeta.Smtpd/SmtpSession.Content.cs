// DATA and BDAT: streaming message content into Cleanup, line by line, never holding the message.
// An over-size or failed message is still read to its end so that the dialogue stays in step.
using System.Buffers.Text;
using System.Text;
using Estafeta.Cleanup;
using Estafeta.Core;
using Estafeta.Smtp;

namespace Estafeta.Smtpd;

public sealed partial class SmtpSession
{
    private async ValueTask<Outcome> DataAsync(CommandLine command)
    {
        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        if (!argument.IsEmpty)
        {
            await ReplyAsync(SmtpdReplies.DataSyntax);
            return Outcome.Error;
        }

        if (_transaction is null || _transaction.Recipients.Count == 0)
        {
            await ReplyAsync(_transaction is null ? SmtpdReplies.NeedRcpt : SmtpdReplies.NoValidRecipients);
            return Outcome.Error;
        }

        if (_transaction.UsedBdat)
        {
            await ReplyAsync(SmtpdReplies.DataAfterBdat);
            return Outcome.Error;
        }

        var transaction = _transaction;
        if (!TryBegin(transaction, out var writer))
        {
            await AbortTransactionAsync();
            await ReplyAsync(SmtpdReplies.QueueWriteError);
            return Outcome.Error;
        }

        await using (writer)
        {
            await ReplyAsync(SmtpdReplies.StartMailInput);
            _content.Reset(dotStuffed: true, command.EndedWithCrlf);
            var sink = new ContentSink(_content, writer, _settings.MessageSizeLimit, _rejectBareLineFeed);
            await ReadDataAsync(sink);
            if (sink.BareLineFeed)
            {
                await RejectBareLineFeedAsync();
                return Outcome.Error;
            }

            _where = "END-OF-MESSAGE";
            return await FinishMessageAsync(sink, writer, SmtpdReplies.SizeExceeded);
        }
    }

    private async ValueTask<Outcome> BdatAsync(CommandLine command)
    {
        SmtpCommandParser.ParseVerb(_line.AsSpan(0, command.Length), out var argument);
        if (!TryParseBdat(argument, out var size, out var last))
        {
            // The chunk boundary is unknown, so the dialogue cannot be resynchronised.
            await ReplyAsync(SmtpdReplies.BdatSyntax);
            _done = true;
            return Outcome.Error;
        }

        SmtpReply? refusal = null;
        if (_discardChunks)
        {
            refusal = SmtpdReplies.Discarded(size);
        }
        else if (_transaction is null || _transaction.Recipients.Count == 0)
        {
            refusal = _transaction is null ? SmtpdReplies.NeedRcpt : SmtpdReplies.NoValidRecipients;
        }
        else if (size == 0 && !last)
        {
            refusal = SmtpdReplies.NullBdat;
        }

        if (refusal is not null)
        {
            await ReadExactlyAsync(size, sink: null);
            _discardChunks = !last;
            if (last)
            {
                await AbortTransactionAsync();
            }

            await ReplyAsync(refusal);
            return Outcome.Error;
        }

        var transaction = _transaction!;
        if (transaction.ChunkWriter is null)
        {
            if (!TryBegin(transaction, out var opened))
            {
                await ReadExactlyAsync(size, sink: null);
                await AbortTransactionAsync();
                _discardChunks = !last;
                await ReplyAsync(SmtpdReplies.QueueWriteError);
                return Outcome.Error;
            }

            transaction.ChunkWriter = opened;
            transaction.UsedBdat = true;
            _content.Reset(dotStuffed: false);
        }

        var writer = transaction.ChunkWriter;
        var sink = new ContentSink(_content, writer, _settings.MessageSizeLimit, _rejectBareLineFeed);
        await ReadExactlyAsync(size, sink.Take);
        if (sink.BareLineFeed)
        {
            await RejectBareLineFeedAsync();
            return Outcome.Error;
        }

        if (sink.TooBig && !last)
        {
            await AbortTransactionAsync();
            _discardChunks = true;
            await ReplyAsync(SmtpdReplies.ChunkSizeExceeded);
            return Outcome.Error;
        }

        if (!last)
        {
            await ReplyAsync(SmtpdReplies.ChunkOk(size));
            return Outcome.Ok;
        }

        sink.FlushLastLine();
        transaction.ChunkWriter = null;
        await using (writer)
        {
            _where = "END-OF-MESSAGE";
            return await FinishMessageAsync(sink, writer, SmtpdReplies.ChunkSizeExceeded);
        }
    }

    private bool TryBegin(MailTransaction transaction, out IMessageWriter writer)
    {
        try
        {
            writer = _cleanup.Begin(transaction.QueueId!, Client, transaction.ToEnvelope());
            return true;
        }
        catch (IOException e)
        {
            SmtpdLog.QueueWriteError(_log, transaction.QueueId ?? "NOQUEUE", Client.LogForm, e.Message);
            writer = null!;
            return false;
        }
    }

    private async ValueTask<Outcome> FinishMessageAsync(ContentSink sink, IMessageWriter writer, SmtpReply sizeReply)
    {
        SmtpReply reply;
        if (sink.TooBig)
        {
            reply = sizeReply;
            LogReject("END-OF-MESSAGE", reply, null);
        }
        else if (sink.WriteFailed)
        {
            reply = SmtpdReplies.QueueWriteError;
        }
        else
        {
            try
            {
                reply = await writer.CommitAsync(_stopping);
            }
            catch (IOException e)
            {
                SmtpdLog.QueueWriteError(_log, writer.QueueId, Client.LogForm, e.Message);
                reply = SmtpdReplies.QueueWriteError;
            }
        }

        _transaction = null;
        _discardChunks = false;
        await ReplyAsync(reply);
        if (!reply.IsPositive)
        {
            return Outcome.Error;
        }

        // Postfix's error and junk counts measure a client that makes errors "without delivering mail".
        _errorCount = 0;
        _junkCount = 0;
        return Outcome.Ok;
    }

    /// <summary>Reads DATA content up to and including the CRLF.CRLF line; input after it stays in the pipe.</summary>
    private async ValueTask ReadDataAsync(ContentSink sink)
    {
        var mustWait = false;
        while (true)
        {
            var result = await ReadInputAsync(mustWait);
            var buffer = result.Buffer;
            var (consumed, ended) = sink.TakeUntilEnd(buffer);
            _input.AdvanceTo(buffer.GetPosition(consumed));
            if (ended || sink.BareLineFeed)
            {
                return;
            }

            if (result.IsCompleted)
            {
                throw new ConnectionLostException();
            }

            mustWait = true;
        }
    }

    private static bool TryParseBdat(ReadOnlySpan<byte> argument, out long size, out bool last)
    {
        size = 0;
        last = false;
        var space = argument.IndexOfAny((byte)' ', (byte)'\t');
        var number = space < 0 ? argument : argument[..space];
        var rest = space < 0 ? default : SmtpCommandParser.TrimBlanks(argument[space..]);
        if (number.IsEmpty || number.Length > 18 || !Utf8Parser.TryParse(number, out size, out var used) || used != number.Length || size < 0)
        {
            return false;
        }

        if (rest.IsEmpty)
        {
            return true;
        }

        last = Ascii.EqualsIgnoreCase(rest, "LAST"u8);
        return last;
    }
}
