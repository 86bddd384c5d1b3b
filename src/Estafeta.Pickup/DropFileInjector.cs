using System.Net;
using Estafeta.Cleanup;
using Estafeta.Core;
using Microsoft.Extensions.Logging;

namespace Estafeta.Pickup;

/// <summary>What became of one drop file.</summary>
internal enum DropOutcome
{
    Queued,
    Corrupt,
    Deferred,
    Skipped,
}

/// <summary>
/// Takes one drop file into the queue: opens it without following links and without blocking on a FIFO,
/// checks what the kernel says about it (regular, one link, mode 0600 or stricter), takes the submitter's
/// uid from its owner, and hands envelope and content to Cleanup. Anything wrong with the file sends it to
/// corrupt/; a queue that cannot take it now leaves it for the next scan.
/// </summary>
internal sealed class DropFileInjector(PickupSettings settings, ILocalCleanupService cleanup, ILogger logger)
{
    private readonly string _maildrop = MaildropFolder.PathIn(settings.QueueDirectory);

    public async Task<DropOutcome> InjectAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_maildrop, name);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = NativeMethods.OpenFile(path, NativeMethods.ORdOnly | NativeMethods.ONoFollow | NativeMethods.ONonBlock, 0);
        }
        catch (IOException e) when (e.HResult == NativeMethods.ENoent)
        {
            return DropOutcome.Skipped;
        }
        catch (IOException e)
        {
            return MoveToCorrupt(name, e.HResult == NativeMethods.ELoop ? "is a symbolic link" : e.Message);
        }

        using (handle)
        {
            var file = NativeMethods.StatOpenFile(handle, path);
            var problem = !file.IsRegularFile ? "not a regular file"
                : file.LinkCount != 1 ? "has more than one hard link"
                : file.GroupOrOtherBits != 0 ? "is readable or writable by others than its owner"
                : settings.MessageSizeLimit > 0 && file.Size > settings.MessageSizeLimit + DropFileFormat.EnvelopeAllowance ? "file too large"
                : null;
            if (problem is not null)
            {
                return MoveToCorrupt(name, problem);
            }

            await using var stream = new FileStream(handle, FileAccess.Read, 64 * 1024);
            DropEnvelope drop;
            try
            {
                drop = DropFileReader.ReadEnvelope(stream, file.Size);
            }
            catch (DropFileFormatException e)
            {
                return MoveToCorrupt(name, e.Message);
            }

            if (settings.MessageSizeLimit > 0 && drop.ContentLength > settings.MessageSizeLimit)
            {
                return MoveToCorrupt(name, "message file too big");
            }

            return await QueueAsync(name, path, stream, file.UserId, drop, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DropOutcome> QueueAsync(string name, string path, FileStream stream, uint uid, DropEnvelope drop, CancellationToken cancellationToken)
    {
        var client = new ClientInfo
        {
            Address = IPAddress.Loopback,
            Name = "localhost",
            ReverseName = "localhost",
            Protocol = "LOCAL",
            LocalUserId = (int)uid,
        };
        var envelope = new Envelope
        {
            Sender = Qualify(drop.Sender),
            Recipients = [.. drop.Recipients.Select(r => new EnvelopeRecipient(Qualify(r), drop.Notify))],
            Body = drop.Body,
            EnvelopeId = drop.EnvelopeId,
        };

        string queueId;
        IMessageWriter writer;
        try
        {
            queueId = cleanup.NewQueueId();
            writer = cleanup.BeginLocal(queueId, client, envelope, drop.FullName);
        }
        catch (IOException e)
        {
            PickupLog.Deferred(logger, name, e.Message);
            return DropOutcome.Deferred;
        }

        await using (writer.ConfigureAwait(false))
        {
            PickupLog.PickedUp(logger, queueId, uid, drop.Sender);
            try
            {
                stream.Position = drop.ContentStart;
                var lines = new ContentLineReader(stream, drop.ContentLength);
                while (lines.TryRead(out var line))
                {
                    writer.AppendLine(line);
                }
            }
            catch (DropFileFormatException e)
            {
                return MoveToCorrupt(name, e.Message);
            }
            catch (IOException e)
            {
                PickupLog.Deferred(logger, name, e.Message);
                return DropOutcome.Deferred;
            }

            var reply = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (reply.IsPositive)
            {
                File.Delete(path);
                return DropOutcome.Queued;
            }

            PickupLog.Refused(logger, queueId, name, reply.Summary);
            return reply.IsTransientFailure ? DropOutcome.Deferred : MoveToCorrupt(name, reply.Summary);
        }
    }

    // Postfix's append_at_myorigin for local submissions.
    private string Qualify(string address) =>
        address.Length == 0 || address.Contains('@', StringComparison.Ordinal) ? address : address + "@" + settings.MyOrigin;

    private DropOutcome MoveToCorrupt(string name, string reason)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the maildrop needs POSIX file modes");
        }

        PickupLog.BadDropFile(logger, name, reason);
        var corrupt = Path.Combine(settings.QueueDirectory, "corrupt");
        try
        {
            Directory.CreateDirectory(corrupt, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            NativeMethods.Rename(Path.Combine(_maildrop, name), Path.Combine(corrupt, "maildrop." + name));
            PickupLog.SavedCorrupt(logger, name);
        }
        catch (IOException e)
        {
            PickupLog.Deferred(logger, name, e.Message);
            return DropOutcome.Deferred;
        }

        return DropOutcome.Corrupt;
    }
}
