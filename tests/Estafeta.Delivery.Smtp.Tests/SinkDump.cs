namespace Estafeta.Delivery.Smtp.Tests;

/// <summary>Reads smtp-sink's dump files: its own header lines (X-*, a 3-line Received:), then the message, then an empty line.</summary>
internal static class SinkDump
{
    public static (IReadOnlyList<string> Headers, string Body) ReadSingle(string directory)
    {
        var file = Assert.Single(Directory.GetFiles(directory));
        var text = File.ReadAllText(file);
        var lines = text.Split('\n');
        var received = Array.FindIndex(lines, l => l.StartsWith("Received: ", StringComparison.Ordinal));
        Assert.True(received >= 0, "smtp-sink's Received: line");
        var bodyStart = received + 3;
        var body = string.Join('\n', lines[bodyStart..]);

        // The dump ends with the message's last LF, then smtp-sink's empty line.
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        return (lines[..received], body[..^1]);
    }
}
