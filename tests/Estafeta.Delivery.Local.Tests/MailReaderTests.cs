namespace Estafeta.Delivery.Local.Tests;

/// <summary>The mailbox as the course's user reads it: bsd-mailx's header summary and message display.</summary>
public sealed class MailReaderTests
{
    [Fact]
    public async Task BsdMailxListsAndPrintsTheDeliveredMessages()
    {
        using var harness = new LocalHarness();
        await harness.DeliverOneAsync("Subject: Hola\nFrom: jose@example.org\n\nprimer mensaje");
        await harness.DeliverOneAsync("Subject: Adios\nFrom: jose@example.org\n\nsegundo mensaje\nFrom Madrid");

        // "p 2" prints the second message, "x" leaves the mailbox untouched.
        var output = ExternalTools.RunWithInput("mail", "p 2\nx\n", "-f", harness.MboxPath);

        Assert.Contains("2 messages 2 new", output, StringComparison.Ordinal);
        Assert.Matches(@"N  1 jose@example\.org .* Hola", output);
        Assert.Matches(@"N  2 jose@example\.org .* Adios", output);
        Assert.Contains("Message 2:\n", output, StringComparison.Ordinal);
        Assert.Contains("segundo mensaje\n>From Madrid\n", output, StringComparison.Ordinal);
    }
}
