using System.Globalization;

namespace Estafeta.Pickup;

/// <summary>
/// sendmail's enqueue(): reads the message from stdin as Postfix does (CRs before LF removed, leading
/// "From " lines skipped, a lone "." ends it unless -i, recipients from headers with -t), writes the drop
/// file and pokes the pickup service.
/// </summary>
internal static class SendmailSubmission
{
    public static int Enqueue(SendmailOptions options, SendmailEnvironment env)
    {
        var settings = env.Settings;
        var uid = NativeMethods.RealUserId();
        var user = NativeMethods.LookUpUser(uid);
        var sender = options.Sender is null
            ? user?.Name ?? throw new SendmailFatalException(SysExits.OsError, $"no login name found for user ID {uid.ToString(CultureInfo.InvariantCulture)}")
            : SenderOf(options.Sender, env);
        var who = $"{sender}({uid.ToString(CultureInfo.InvariantCulture)})";
        if (!DropFileFormat.IsAddress(sender))
        {
            throw new SendmailFatalException(SysExits.DataError, $"{who}: bad sender address");
        }

        var fullName = CleanFullName(options.FullName ?? FullNameOf(env, user));
        var recipients = new List<string>();
        foreach (var argument in options.Recipients)
        {
            recipients.AddRange(AddressList.Parse(argument).Where(a => a.Length > 0));
        }

        using var drop = CreateDropFile(settings.QueueDirectory, who);
        var headers = options.ExtractRecipients ? new HeaderRecipients(settings.HeaderSizeLimit) : null;
        try
        {
            CopyContent(options, env, drop, headers, who);
        }
        catch (IOException e)
        {
            throw new SendmailFatalException(SysExits.TemporaryFailure, $"{who}: error writing queue file: {e.Message}");
        }

        if (headers is not null)
        {
            headers.Complete();
            recipients.AddRange(headers.Recipients.Where(a => a.Length > 0));
        }

        if (recipients.Count == 0)
        {
            throw new SendmailFatalException(SysExits.Usage, options.ExtractRecipients
                ? $"{who}: No recipient addresses found in message header"
                : $"{who}: Recipient addresses must be specified on the command line or via the -t option");
        }

        if (!recipients.TrueForAll(DropFileFormat.IsAddress))
        {
            throw new SendmailFatalException(SysExits.DataError, $"{who}: bad recipient address");
        }

        try
        {
            drop.WriteEnvelope(sender, fullName, options.Notify, options.EnvelopeId, options.Body, recipients);
            drop.Commit(env.TimeProvider.GetUtcNow());
        }
        catch (IOException e)
        {
            throw new SendmailFatalException(SysExits.TemporaryFailure, $"{who}: error writing queue file: {e.Message}");
        }

        // The message is safe; a daemon that is down finds it at its next start.
        PickupTrigger.TrySend(settings.QueueDirectory, PickupTrigger.PickupCommand);
        return SysExits.Ok;
    }

    private static void CopyContent(SendmailOptions options, SendmailEnvironment env, DropFileWriter drop, HeaderRecipients? headers, string who)
    {
        var limit = env.Settings.MessageSizeLimit;
        var reader = new InputLineReader(env.Input);
        var skipFromLines = true;
        var previousComplete = true;
        long size = 0;
        while (reader.TryRead(out var piece, out var complete))
        {
            if (complete)
            {
                // sendmail_fix_line_endings = always: CRs before the LF go.
                piece = piece.TrimEnd((byte)'\r');
            }

            if (skipFromLines)
            {
                // A leading "From " (or ">From ") line is an mbox separator, not a header: Postfix drops it.
                if (complete && piece.TrimStart((byte)'>').StartsWith("From "u8))
                {
                    continue;
                }

                skipFromLines = false;
            }

            if (options.DotEndsMessage && previousComplete && complete && piece.SequenceEqual("."u8))
            {
                break;
            }

            // Counted as SMTP and Cleanup count it (CRLF = 2), so what sendmail accepts Cleanup accepts.
            size += piece.Length + (complete ? 2 : 0);
            if (limit > 0 && size > limit)
            {
                throw new SendmailFatalException(SysExits.Unavailable, $"{who}: message file too big");
            }

            headers?.Take(piece, complete);
            drop.WriteContent(piece, complete);
            previousComplete = complete;
        }
    }

    private static DropFileWriter CreateDropFile(string queueDirectory, string who)
    {
        var maildrop = MaildropFolder.PathIn(queueDirectory);
        try
        {
            return DropFileWriter.Create(maildrop);
        }
        catch (IOException e) when (e.HResult == NativeMethods.ENoent && TryCreateMaildrop(queueDirectory))
        {
            // The daemon never ran here yet (a fresh embedded default): the message waits for its first start.
            return CreateDropFile(queueDirectory, who);
        }
        catch (IOException e)
        {
            throw new SendmailFatalException(SysExits.TemporaryFailure, $"{who}: cannot create a file in {maildrop}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SendmailFatalException(SysExits.NoPermission, $"{who}: cannot create a file in {maildrop}: {e.Message}");
        }
    }

    // Only whoever may create the queue directory (root, or the owner of the embedded default's state) can.
    private static bool TryCreateMaildrop(string queueDirectory)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(MaildropFolder.PathIn(queueDirectory)))
        {
            return false;
        }

        try
        {
            MaildropFolder.Create(queueDirectory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // -f: the first address of the argument, as tok822 reads it.
    private static string SenderOf(string argument, SendmailEnvironment env)
    {
        var addresses = AddressList.Parse(argument);
        if (addresses.Count > 1)
        {
            env.Error.WriteLine($"sendmail: warning: -f option specified malformed sender: {argument}");
        }

        return addresses.Count > 0 ? addresses[0] : string.Empty;
    }

    /// <summary>Postfix's fullname(): $NAME, else the GECOS field up to the first comma, with "&amp;" as the
    /// capitalised login name.</summary>
    private static string? FullNameOf(SendmailEnvironment env, (string Name, string Gecos)? user)
    {
        var fromEnvironment = env.GetEnvironmentVariable("NAME");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        if (user is not { } known || known.Gecos.Length == 0)
        {
            return null;
        }

        var gecos = known.Gecos.Split(',')[0];
        var login = known.Name.Length == 0 ? known.Name : char.ToUpperInvariant(known.Name[0]) + known.Name[1..];
        var name = gecos.Replace("&", login, StringComparison.Ordinal).Trim();
        return name.Length == 0 ? null : name;
    }

    private static string? CleanFullName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var clean = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? null : clean;
    }
}
