// One SMTP server session over a duplex pipe: a state machine over a command table, replies as values.
// Trusts: the ClientInfo it is given (address from the kernel, name forward-confirmed); nothing the client sends.
// Must never: reply 250 to DATA/BDAT LAST before Cleanup committed the message, end DATA on anything but
// CRLF.CRLF, buffer input beyond its bounds, or let one client's errors or silence hold the session forever.
using System.IO.Pipelines;
using System.Text;
using System.Text.Unicode;
using Estafeta.Cleanup;
using Estafeta.Core;
using Estafeta.Policy;
using Estafeta.Smtp;
using Microsoft.Extensions.Logging;

namespace Estafeta.Smtpd;

/// <summary>Runs one SMTP connection from greeting to close.</summary>
public sealed partial class SmtpSession
{
    private readonly SmtpdSettings _settings;
    private readonly ISmtpdPolicy _policy;
    private readonly ICleanupService _cleanup;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private PipeReader _input;
    private PipeWriter _output;
    private readonly CommandCounters _counters = new();
    private readonly DataLineReader _content = new();
    private readonly byte[] _line;
    private readonly bool _rejectBareLineFeed;
    private MailTransaction? _transaction;
    private string _where = "CONNECT";
    private int _errorCount;
    private int _junkCount;
    private bool _extended;
    private bool _done;

    // After an error inside a BDAT sequence, further chunks are read and discarded until LAST (Postfix).
    private bool _discardChunks;

    public SmtpSession(
        SmtpdSettings settings,
        ISmtpdPolicy policy,
        ICleanupService cleanup,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        ClientInfo client,
        IDuplexPipe transport,
        SessionSecurity? security = null)
    {
        _settings = settings;
        _policy = policy;
        _cleanup = cleanup;
        _log = loggerFactory.CreateLogger("smtpd");
        _time = time;
        Client = client;
        _input = transport.Input;
        _output = transport.Output;
        _line = new byte[settings.CommandLineLimit];
        _rejectBareLineFeed = settings.ForbidBareNewline == BareNewlinePolicy.Reject
            && !(settings.ForbidBareNewlineExclusionsForMyNetworks && policy.IsInMyNetworks(client.Address));
        _timeout = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, time);
        _security = security ?? SessionSecurity.None;
        _tlsActive = _security.Tls?.IsActive == true;
        _baseProtocol = Client.Protocol;
        Client = Client with { Protocol = ComposeProtocol() };
    }

    /// <summary>The client as known so far (HELO name and protocol once given).</summary>
    public ClientInfo Client { get; private set; }

    /// <summary>Runs the session to its end; completes both sides of the pipe. Never throws for network or client faults.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        _readToken.Dispose();
        _readToken = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, stopping);
        if (!_security.ConnectLogged)
        {
            SmtpdLog.Connect(_log, Client.LogForm);
        }

        try
        {
            await RunCommandsAsync();
        }
        catch (ConnectionLostException)
        {
            SmtpdLog.LostConnection(_log, WhereWithSize(), Client.LogForm);
        }
        catch (IOException)
        {
            SmtpdLog.LostConnection(_log, WhereWithSize(), Client.LogForm);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await TryFinalReplyAsync(SmtpdReplies.ShuttingDown(_settings.MyHostname));
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested)
        {
            SmtpdLog.Timeout(_log, WhereWithSize(), Client.LogForm);
            await TryFinalReplyAsync(SmtpdReplies.Timeout(_settings.MyHostname));
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            SmtpdLog.SessionFailed(_log, Client.LogForm, e.Message);
        }
        finally
        {
            await AbortTransactionAsync();
            SmtpdLog.Disconnect(_log, Client.LogForm, _counters.Format());
            await _input.CompleteAsync();
            await _output.CompleteAsync();
            _readToken.Dispose();
            _timeout.Dispose();
        }
    }

    private async Task RunCommandsAsync()
    {
        if (_settings.ForbidUnauthPipelining && InputPending(out var early))
        {
            SmtpdLog.ImproperPipelining(_log, "CONNECT", Client.LogForm, early);
            await ReplyAsync(SmtpdReplies.Synchronization);
            await FlushAsync();
            return;
        }

        await ReplyAsync(new SmtpReply(220, null, _settings.Banner));
        while (!_done)
        {
            if (_errorCount >= _settings.HardErrorLimit)
            {
                SmtpdLog.TooManyErrors(_log, _where, Client.LogForm);
                await ReplyAsync(SmtpdReplies.TooManyErrors(_settings.MyHostname));
                break;
            }

            var command = await ReadCommandLineAsync();
            await ExecuteAsync(command);
        }

        await FlushAsync();
    }

    private async ValueTask ExecuteAsync(CommandLine command)
    {
        if (command.TooLong)
        {
            _where = "UNKNOWN";
            _counters.Count("unknown", ok: false);
            await ReplyAsync(SmtpdReplies.LineTooLong);
            _errorCount++;
            return;
        }

        if (!command.EndedWithCrlf && _rejectBareLineFeed)
        {
            await RejectBareLineFeedAsync();
            return;
        }

        var text = _line.AsSpan(0, command.Length);
        if (CheckLineBytes(text) is { } malformed)
        {
            _where = "UNKNOWN";
            _counters.Count("unknown", ok: false);
            await ReplyAsync(malformed);
            _errorCount++;
            return;
        }

        var verb = SmtpCommandParser.ParseVerb(text, out _);
        var counterName = CounterName(verb);
        _where = counterName == "unknown" ? "UNKNOWN" : SmtpCommandParser.Name(verb);

        if (_settings.ForbidUnauthPipelining && MustBeLastInGroup(verb) && InputPending(out var pending))
        {
            SmtpdLog.ImproperPipelining(_log, _where, Client.LogForm, verb == SmtpVerb.Auth ? LogText.Redacted : pending);
            await ReplyAsync(SmtpdReplies.Synchronization);
            _done = true;
            return;
        }

        if (verb is SmtpVerb.Helo or SmtpVerb.Ehlo or SmtpVerb.Rset or SmtpVerb.Noop or SmtpVerb.Vrfy or SmtpVerb.Etrn
            && ++_junkCount > _settings.JunkCommandLimit)
        {
            _errorCount++;
        }

        // A command cut short by a lost connection or a timeout still counts, as failed (Postfix: "data=0/1").
        var outcome = Outcome.Error;
        try
        {
            outcome = await DispatchAsync(verb, command);
        }
        finally
        {
            _counters.Count(counterName, outcome == Outcome.Ok);
        }

        if (outcome == Outcome.Error)
        {
            _errorCount++;
        }
    }

    private async ValueTask<Outcome> DispatchAsync(SmtpVerb verb, CommandLine command)
    {
        // The argument is re-sliced here: spans cannot live across the awaits of the handlers' callers.
        switch (verb)
        {
            case SmtpVerb.Helo:
                return await HelloAsync(extended: false, command);
            case SmtpVerb.Ehlo:
                return await HelloAsync(extended: true, command);
            case SmtpVerb.Mail:
                return await MailAsync(command);
            case SmtpVerb.Rcpt:
                return await RcptAsync(command);
            case SmtpVerb.Data:
                return await DataAsync(command);
            case SmtpVerb.Bdat:
                return await BdatAsync(command);
            case SmtpVerb.Rset:
                return await RsetAsync(command);
            case SmtpVerb.Noop:
                await ReplyAsync(SmtpdReplies.Ok);
                return Outcome.Ok;
            case SmtpVerb.Vrfy:
                return await VrfyAsync(command);
            case SmtpVerb.Quit:
                await ReplyAsync(SmtpdReplies.Bye);
                _done = true;
                return Outcome.Ok;
            case SmtpVerb.StartTls:
                return await StartTlsAsync(command);
            case SmtpVerb.Auth:
                return await AuthAsync(command);
            case SmtpVerb.NonSmtp:
                SmtpdLog.NonSmtpCommand(_log, Client.LogForm, LogText.Escape(_line.AsSpan(0, command.Length)));
                await ReplyAsync(SmtpdReplies.BreakRules);
                _done = true;
                return Outcome.Error;
            default:
                await ReplyAsync(SmtpdReplies.NotRecognized);
                return Outcome.Error;
        }
    }

    // Postfix's names in the "disconnect from" tally; commands it does not know count as "unknown".
    private static string CounterName(SmtpVerb verb) => verb switch
    {
        SmtpVerb.Helo => "helo",
        SmtpVerb.Ehlo => "ehlo",
        SmtpVerb.Mail => "mail",
        SmtpVerb.Rcpt => "rcpt",
        SmtpVerb.Data => "data",
        SmtpVerb.Bdat => "bdat",
        SmtpVerb.Rset => "rset",
        SmtpVerb.Noop => "noop",
        SmtpVerb.Vrfy => "vrfy",
        SmtpVerb.Quit => "quit",
        SmtpVerb.StartTls => "starttls",
        SmtpVerb.Auth => "auth",
        SmtpVerb.Etrn => "etrn",
        _ => "unknown",
    };

    /// <summary>RFC 2920: these commands change state, so a client must wait for their reply; a client
    /// that did not say EHLO may not pipeline at all.</summary>
    private bool MustBeLastInGroup(SmtpVerb verb) => verb switch
    {
        SmtpVerb.Quit => false,
        SmtpVerb.Helo or SmtpVerb.Ehlo or SmtpVerb.Data or SmtpVerb.Noop or SmtpVerb.Vrfy or SmtpVerb.StartTls or SmtpVerb.Auth => true,
        _ => !_extended,
    };

    /// <summary>NUL and invalid UTF-8 get their own replies (Postfix: "bad syntax", "bad UTF-8 syntax").</summary>
    private static SmtpReply? CheckLineBytes(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf((byte)0) >= 0)
        {
            return SmtpdReplies.BadSyntax;
        }

        return Utf8.IsValid(line) ? null : SmtpdReplies.BadUtf8;
    }

    private async ValueTask RejectBareLineFeedAsync()
    {
        SmtpdLog.BareLineFeed(_log, _where, Client.LogForm);
        await ReplyAsync(SmtpdReplies.BareLineFeed(_settings.ForbidBareNewlineRejectCode, _settings.MyHostname));
        _done = true;
    }

    private string WhereWithSize() => _where is "DATA" or "BDAT" ? $"{_where} ({_content.Size} bytes)" : _where;

    private string LogDetails(string? recipient)
    {
        var builder = new StringBuilder();
        if (_transaction is not null)
        {
            builder.Append(" from=<").Append(_transaction.Sender).Append('>');
        }

        if (recipient is not null)
        {
            builder.Append(" to=<").Append(recipient).Append('>');
        }

        // Postfix logs the protocol as given at HELO/EHLO; TLS and AUTH show in Received: (ESMTPSA).
        builder.Append(" proto=").Append(_baseProtocol);
        if (Client.Helo is not null)
        {
            builder.Append(" helo=<").Append(Client.Helo).Append('>');
        }

        return builder.ToString();
    }

    private void LogReject(string stage, SmtpReply reply, string? recipient)
        => SmtpdLog.Reject(_log, _transaction?.QueueId ?? "NOQUEUE", stage, Client.LogForm, reply.Summary, LogDetails(recipient));

    private async ValueTask AbortTransactionAsync()
    {
        if (_transaction?.ChunkWriter is { } writer)
        {
            _transaction.ChunkWriter = null;
            await writer.DisposeAsync();
        }

        _transaction = null;
    }

    private enum Outcome
    {
        Ok,
        Error,

        /// <summary>A failure that Postfix does not count toward the error limits (452 too many recipients).</summary>
        Uncounted,
    }

    private readonly record struct CommandLine(int Length, bool EndedWithCrlf, bool TooLong);

    private sealed class ConnectionLostException : Exception;
}
