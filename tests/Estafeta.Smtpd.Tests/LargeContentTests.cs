using System.Text;

namespace Estafeta.Smtpd.Tests;

public sealed class LargeContentTests
{
    [Fact]
    public async Task Large_message_crosses_buffer_boundaries_intact()
    {
        await using var h = new SessionHarness();
        await h.ReplyAsync();
        await h.CommandAsync("EHLO c");
        await h.CommandAsync("MAIL FROM:<a@b>");
        await h.CommandAsync("RCPT TO:<u@example.org>");
        await h.CommandAsync("DATA");

        var expected = new List<string>();
        var content = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            // Lines of varying length, some starting with a dot, so CRLFs and dots land on every offset.
            var line = (i % 7 == 0 ? "." : string.Empty) + new string((char)('a' + (i % 26)), 997 - (i % 13));
            expected.Add(line);
            content.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n");
        }

        // One over-long line (100,000 bytes) comes out in pieces of at most 64 KiB, nothing lost.
        var huge = new string('z', 100_000);
        content.Append(huge).Append("\r\n.\r\n");
        await h.SendAsync(content.ToString());
        Assert.StartsWith("250 2.0.0 Ok: queued as", await h.ReplyAsync(), StringComparison.Ordinal);

        var lines = Assert.Single(h.Cleanup.Messages).Lines;
        Assert.Equal(expected, lines.Take(300));
        Assert.Equal(huge, string.Concat(lines.Skip(300)));
        Assert.All(lines, l => Assert.True(l.Length <= 65536));
    }
}
