// Runs a "|command" delivery: /bin/sh -c COMMAND in its own session (process group), as the target's user,
// with local(8)'s clean environment and the message on stdin.
// Trusts: the command text (it comes from root's aliases or the user's own .forward); nothing it prints.
// Must never: run a command as root on behalf of a user, let it outlive command_time_limit, or wait on it unbounded.
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Estafeta.Delivery.Local;

internal sealed partial class PipeRunner(LocalDeliverySettings settings, TimeProvider time)
{
    /// <summary>Postfix keeps at most this much command output for the bounce text.</summary>
    private const int OutputLimit = 4095;

    public async Task<TargetResult> RunAsync(PipeTarget target, DeliveryRequest request, DeliveryRecipient recipient, LocalMessage message, CancellationToken cancellationToken)
    {
        var start = BuildStartInfo(target, request, recipient);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException)
        {
            return TargetResult.Defer("4.3.0", $"system resource problem. Delivery failed: {exception.Message}");
        }

        // setsid made the shell the leader of a new process group whose id is its pid.
        var groupId = process.Id;
        var output = CaptureAsync(process.StandardOutput.BaseStream);
        var errors = CaptureAsync(process.StandardError.BaseStream);
        var feeding = Task.Run(() => Feed(process.StandardInput.BaseStream, message, CopyOptions.Command(target.Address, recipient.OriginalAddress ?? recipient.Address)), CancellationToken.None);

        using var limit = new CancellationTokenSource(settings.CommandTimeLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await Task.WhenAll(output, errors, process.WaitForExitAsync(linked.Token)).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            _ = LibC.Kill(-groupId, LibC.SigKill);
            _ = LibC.Kill(process.Id, LibC.SigKill);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var unreadable = await feeding.ConfigureAwait(false);
        var text = await CombineAsync(output, errors).ConfigureAwait(false);
        var suffix = text.Length > 0 ? $". Command output: {text}" : string.Empty;
        if (timedOut)
        {
            return cancellationToken.IsCancellationRequested
                ? TargetResult.Defer("4.3.0", $"delivery interrupted: \"{target.Command}\"")
                : TargetResult.Defer("4.3.0", $"Command time limit exceeded: \"{target.Command}\"{suffix}");
        }

        return unreadable is null ? Classify(process.ExitCode, target.Command, text, suffix) : TargetResult.Defer("4.3.0", unreadable.Message);
    }

    private static TargetResult Classify(int exitCode, string command, string text, string suffix)
    {
        if (exitCode == 0)
        {
            return TargetResult.Sent($"delivered to command: {command}");
        }

        // .NET reports death by signal N as 128+N.
        if (exitCode is > 128 and < 128 + 65)
        {
            return TargetResult.Defer("4.3.0", $"Command died with signal {exitCode - 128}: \"{command}\"{suffix}");
        }

        if (DsnAtStart().Match(text) is { Success: true } match)
        {
            var dsnText = text[match.Length..].TrimStart();
            return match.Groups[1].Value[0] == '4' ? TargetResult.Defer(match.Groups[1].Value, dsnText) : TargetResult.Bounce(match.Groups[1].Value, dsnText);
        }

        if (SysExits.Find(exitCode) is { } known)
        {
            var reason = $"{known.Text}{suffix}";
            return known.Dsn[0] == '4' ? TargetResult.Defer(known.Dsn, reason) : TargetResult.Bounce(known.Dsn, reason);
        }

        return TargetResult.Bounce("5.3.0", $"Command died with status {exitCode}: \"{command}\"{suffix}");
    }

    private ProcessStartInfo BuildStartInfo(PipeTarget target, DeliveryRequest request, DeliveryRecipient recipient)
    {
        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        start.Environment.Clear();
        foreach (var (name, value) in CommandEnvironment.Build(target, request, recipient, settings))
        {
            start.Environment[name] = value;
        }

        // We never change our own credentials (the thread pool shares them): the child drops to the user.
        if (LibC.GetEffectiveUserId() == 0 && target.RunAs.UserId != 0)
        {
            start.ArgumentList.Add("/usr/bin/setpriv");
            start.ArgumentList.Add($"--reuid={target.RunAs.UserId}");
            start.ArgumentList.Add($"--regid={target.RunAs.GroupId}");
            start.ArgumentList.Add("--init-groups");
            start.ArgumentList.Add("--");
        }

        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(target.Command);
        return start;
    }

    /// <summary>Writes the message to the command's stdin; returns the read error when the queued content
    /// could not be read (the command then saw a partial message, and the delivery must not count).</summary>
    private QueuedContentException? Feed(Stream stdin, LocalMessage message, CopyOptions options)
    {
        try
        {
            MessageCopier.Copy(message, options, time.GetLocalNow(), stdin);
            return null;
        }
        catch (QueuedContentException unreadable)
        {
            return unreadable;
        }
        catch (IOException)
        {
            // EPIPE: the command did not read all of its input; its exit status decides (as in Postfix).
            return null;
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Reads a stream to its end, keeping the first OutputLimit bytes.</summary>
    private static async Task<byte[]> CaptureAsync(Stream stream)
    {
        var kept = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = OutputLimit - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(buffer, 0, Math.Min(room, read));
            }
        }

        return kept.ToArray();
    }

    /// <summary>Postfix's treatment of command output: tabs and newlines become spaces, other
    /// non-printable characters '_'.</summary>
    private static async Task<string> CombineAsync(Task<byte[]> output, Task<byte[]> errors)
    {
        var bytes = new List<byte>();
        foreach (var part in new[] { output, errors })
        {
            // A process that left the group (its own setsid) may keep a pipe open: do not wait on it for long.
            if (await Task.WhenAny(part, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) == part)
            {
                bytes.AddRange(await part.ConfigureAwait(false));
            }
        }

        var text = Encoding.Latin1.GetString([.. bytes.Take(OutputLimit)]);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c is '\t' or '\n' ? ' ' : c is < ' ' or > '~' ? '_' : c);
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^([45]\.\d{1,3}\.\d{1,3})(?=\s|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DsnAtStart();
}
