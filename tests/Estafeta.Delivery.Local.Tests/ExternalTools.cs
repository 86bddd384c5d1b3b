using System.Diagnostics;

namespace Estafeta.Delivery.Local.Tests;

/// <summary>Runs the programs the tests check our files with (python3's mailbox module, chown, mkfifo, ...).</summary>
internal static class ExternalTools
{
    public static string Run(string program, params string[] arguments) => RunWithInput(program, null, arguments);

    public static string RunWithInput(string program, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }

    /// <summary>Python's mailbox.mbox view of a file: per message its From_ line and its payload, as JSON.</summary>
    public static string[][] ParseMbox(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<string[][]>(Run("python3", "-c", """
            import json, mailbox, sys
            box = mailbox.mbox(sys.argv[1], create=False)
            print(json.dumps([[m.get_from(), m['Delivered-To'] or '', m.get_payload()] for m in box]))
            """, path))!;

    /// <summary>Python's mailbox.Maildir view: the payloads of the messages in new/.</summary>
    public static string[][] ParseMaildir(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<string[][]>(Run("python3", "-c", """
            import json, mailbox, sys
            box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
            print(json.dumps([[m.get_subdir(), m['Return-Path'] or '', m['Delivered-To'] or '', m.get_payload()] for m in box]))
            """, path))!;
}
