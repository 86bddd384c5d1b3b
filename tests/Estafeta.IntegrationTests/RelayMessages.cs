using System.Diagnostics;
using System.Text;

namespace Estafeta.IntegrationTests;

/// <summary>Bounded polling for a condition the test waits on.</summary>
internal static class RelayWait
{
    public static async Task UntilAsync(Func<bool> condition, string what, Func<string>? context = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > RelaySite.Timeout)
            {
                throw new TimeoutException($"timed out waiting for {what}\n{context?.Invoke()}");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A small message with CRLF line ends, as a client sends it, and its LF form as a sink dumps it.</summary>
internal static class RelayMessages
{
    public static string Wire(string from, string to, string subject, string body = "Hola.\r\nSecond line.\r\n") =>
        $"From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nDate: Tue, 1 Dec 2026 01:00:00 +0000\r\nMessage-ID: <{Guid.NewGuid():N}@client.example>\r\n\r\n{body}";

    /// <summary>Removes the first header field named Received: (with its continuation lines) from LF text.</summary>
    public static string WithoutFirstReceived(string text)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("Received: ", StringComparison.Ordinal));
        Assert.True(start >= 0, "a Received: line added by Estafeta");
        var end = start + 1;
        while (end < lines.Count && lines[end].Length > 0 && (lines[end][0] == ' ' || lines[end][0] == '\t'))
        {
            end++;
        }

        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }

    /// <summary>SMTP transparency: a line starting with "." is sent with one more ".".</summary>
    public static string DotStuffed(string crlf) =>
        (crlf.StartsWith('.') ? "." : "") + crlf.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);

    public static string Lf(string crlf) => crlf.Replace("\r\n", "\n", StringComparison.Ordinal);

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
