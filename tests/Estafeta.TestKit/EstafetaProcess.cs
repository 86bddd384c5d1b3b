using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Estafeta.TestKit;

/// <summary>
/// The real `estafeta` executable as a child process (`dotnet estafeta.dll ...`), for tests that
/// need the whole daemon: start it, wait for its startup line, signal it by pid, wait for it to exit.
/// Dispose kills it if it is still running.
/// </summary>
public sealed partial class EstafetaProcess : IDisposable
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _startupLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EstafetaProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>The line "estafeta: listening on ...", once <see cref="WaitForStartupAsync"/> has seen it.</summary>
    public string? StartupLine { get; private set; }

    /// <summary>The first bound address and port from the startup line.</summary>
    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    public string QueueDirectory { get; private set; } = "";

    public string MailboxDirectory { get; private set; } = "";

    /// <summary>Where the log goes, from the startup line (a file path for the embedded default).</summary>
    public string LogPath { get; private set; } = "";

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>estafeta.dll as built next to the test assembly (the test project references Estafeta.Host).</summary>
    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "estafeta.dll");

    /// <summary>`estafeta run --listen 127.0.0.1:0` on the embedded default, state in <paramref name="stateDirectory"/>.</summary>
    public static Task<EstafetaProcess> StartEmbeddedAsync(string stateDirectory, params string[] extraArguments) =>
        StartAndWaitAsync(["run", "--listen", "127.0.0.1:0", .. extraArguments], stateDirectory);

    /// <summary>`estafeta run -c CONFDIR`; the state directory variable still points at a private folder.</summary>
    public static Task<EstafetaProcess> StartWithConfigAsync(string configDirectory, string stateDirectory, params string[] extraArguments) =>
        StartAndWaitAsync(["run", "-c", configDirectory, .. extraArguments], stateDirectory);

    /// <summary>Starts with any arguments and does not wait for the startup line.</summary>
    public static EstafetaProcess Start(IEnumerable<string> arguments, string stateDirectory)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ExecutablePath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ESTAFETA_STATE_DIR"] = stateDirectory;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new EstafetaProcess(process);
        process.OutputDataReceived += (_, e) => child.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnStderr(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a short command (config, --version) to its end.</summary>
    public static async Task<CommandResult> RunToExitAsync(IEnumerable<string> arguments, string stateDirectory)
    {
        using var child = Start(arguments, stateDirectory);
        var exitCode = await child.WaitForExitAsync(DefaultTimeout);
        return new CommandResult(exitCode, child.StandardOutput, child.StandardError);
    }

    /// <summary>Waits for the startup line and reads the bound port, queue, mailboxes and log from it.</summary>
    public async Task WaitForStartupAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var line = _startupLine.Task;
        var first = await Task.WhenAny(line, exited).WaitAsync(timeout);
        if (first != line)
        {
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout);
            throw new InvalidOperationException(
                $"estafeta exited with code {_process.ExitCode} before its startup line; stderr:\n{string.Join('\n', _stderr)}");
        }

        StartupLine = await line;
        var match = StartupPattern().Match(StartupLine);
        if (!match.Success)
        {
            throw new InvalidOperationException("unexpected startup line: " + StartupLine);
        }

        Host = match.Groups["host"].Value;
        Port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        QueueDirectory = match.Groups["queue"].Value;
        MailboxDirectory = match.Groups["mail"].Value;
        LogPath = match.Groups["log"].Value;
    }

    /// <summary>Sends a signal to this child (by its pid, never by name).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to end (and its output to be read); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>The log file's lines now (empty if it does not exist yet).</summary>
    public string[] LogLines()
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    /// <summary>Waits until a log line satisfies <paramref name="predicate"/>, re-reading the file until the timeout.</summary>
    public async Task<string> WaitForLogLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            foreach (var line in LogLines())
            {
                if (predicate(line))
                {
                    return line;
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"no matching log line within {timeout}; log:\n{string.Join('\n', LogLines())}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static async Task<EstafetaProcess> StartAndWaitAsync(string[] arguments, string stateDirectory)
    {
        var child = Start(arguments, stateDirectory);
        try
        {
            await child.WaitForStartupAsync(DefaultTimeout);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _stdoutClosed.TrySetResult();
            return;
        }

        _stdout.Enqueue(line);
        if (line.StartsWith("estafeta: listening on ", StringComparison.Ordinal))
        {
            _startupLine.TrySetResult(line);
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            _stderrClosed.TrySetResult();
            return;
        }

        _stderr.Enqueue(line);
    }

    [GeneratedRegex(@"^estafeta: listening on \[?(?<host>[^\]\s]+?)\]?:(?<port>\d+) \([^)]*\).*; queue (?<queue>[^;]+); mailboxes (?<mail>[^;]+); log (?<log>.+)$")]
    private static partial Regex StartupPattern();

#pragma warning disable SYSLIB1054 // DllImport keeps the test kit free of AllowUnsafeBlocks; int arguments need no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}

/// <summary>What a short estafeta command did: exit code and its output lines.</summary>
public sealed record CommandResult(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError);
