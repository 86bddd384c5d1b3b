using System.Globalization;
using System.Text.RegularExpressions;

namespace Estafeta.IntegrationTests;

/// <summary>One traced system call with the path its fd referred to at that moment (from the latest openat).</summary>
internal sealed record StraceEvent(string Call, string Path, string Line)
{
    public bool IsWrite => Call is "write" or "pwrite64" or "writev";

    public bool IsSync => Call is "fsync" or "fdatasync";

    public bool IsSend => Call is "sendto" or "sendmsg" or "write" or "writev";
}

/// <summary>
/// Parses `strace -f` output in order, following fd numbers through openat results so a later
/// write/fsync on a reused fd is attributed to the file it meant then; joins unfinished/resumed halves.
/// </summary>
internal static partial class StraceEvents
{
    /// <summary>
    /// Null when the trace shows: last write to tmp/ID, then fsync of that fd, then rename tmp/ID to
    /// incoming/ID, then fsync of the incoming directory, then the "250 ... queued as" reply; else what is wrong.
    /// </summary>
    public static string? FindDurabilityOrderViolation(IEnumerable<string> lines, string id)
    {
        var events = Parse(lines);
        var tmpPath = $"/tmp/{id}";
        var incomingPath = $"/incoming/{id}";
        var lastWrite = events.FindLastIndex(e => e.IsWrite && e.Path.EndsWith(tmpPath, StringComparison.Ordinal));
        if (lastWrite < 0)
        {
            return "no write to the tmp queue file";
        }

        var fileSync = events.FindIndex(lastWrite, e => e.IsSync && e.Path.EndsWith(tmpPath, StringComparison.Ordinal));
        if (fileSync < 0)
        {
            return "no fsync of the queue file after its last write";
        }

        var rename = events.FindIndex(e => e.Call.StartsWith("rename", StringComparison.Ordinal)
            && e.Line.Contains(tmpPath + "\"", StringComparison.Ordinal) && e.Line.Contains(incomingPath + "\"", StringComparison.Ordinal));
        if (rename < fileSync)
        {
            return $"rename tmp->incoming at event {rename}, before the file fsync at {fileSync} (or missing)";
        }

        var directorySync = events.FindIndex(rename, e => e.IsSync && e.Path.EndsWith("/incoming", StringComparison.Ordinal));
        if (directorySync < 0)
        {
            return "no fsync of the incoming directory after the rename";
        }

        var reply = events.FindIndex(e => e.IsSend && e.Line.Contains("\"250 2.0.0 Ok: queued as", StringComparison.Ordinal));
        return reply > directorySync ? null : $"250 reply at event {reply}, not after the directory fsync at {directorySync}";
    }

    public static List<StraceEvent> Parse(IEnumerable<string> lines)
    {
        var fdPaths = new Dictionary<int, string>();
        var pendingOpen = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<StraceEvent>();
        foreach (var line in lines)
        {
            var resumed = Resumed().Match(line);
            if (resumed.Success)
            {
                var pid = resumed.Groups["pid"].Value;
                if (resumed.Groups["call"].Value == "openat" && pendingOpen.Remove(pid, out var openedPath)
                    && Result().Match(line) is { Success: true } result)
                {
                    fdPaths[int.Parse(result.Groups["fd"].Value, CultureInfo.InvariantCulture)] = openedPath;
                }

                continue;
            }

            var call = Call().Match(line);
            if (!call.Success)
            {
                continue;
            }

            var name = call.Groups["call"].Value;
            if (name == "openat")
            {
                var path = OpenPath().Match(line).Groups["path"].Value;
                if (line.EndsWith("<unfinished ...>", StringComparison.Ordinal))
                {
                    pendingOpen[call.Groups["pid"].Value] = path;
                }
                else if (Result().Match(line) is { Success: true } result)
                {
                    fdPaths[int.Parse(result.Groups["fd"].Value, CultureInfo.InvariantCulture)] = path;
                }

                continue;
            }

            var fd = FirstFd().Match(line);
            var fdPath = fd.Success && fdPaths.TryGetValue(int.Parse(fd.Groups["fd"].Value, CultureInfo.InvariantCulture), out var known)
                ? known
                : "";
            events.Add(new StraceEvent(name, fdPath, line));
        }

        return events;
    }

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<call>[a-z0-9_]+)\(")]
    private static partial Regex Call();

    [GeneratedRegex(@"^(?<pid>\d+)\s+<\.\.\. (?<call>[a-z0-9_]+) resumed>")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"= (?<fd>\d+)$")]
    private static partial Regex Result();

    [GeneratedRegex(@"^\d+\s+openat\([^,]+, ""(?<path>[^""]*)""")]
    private static partial Regex OpenPath();

    [GeneratedRegex(@"^\d+\s+[a-z0-9_]+\((?<fd>\d+)")]
    private static partial Regex FirstFd();
}
