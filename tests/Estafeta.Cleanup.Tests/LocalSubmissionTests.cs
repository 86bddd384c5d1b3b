using System.Net;
using System.Text;
using Estafeta.Core;

namespace Estafeta.Cleanup.Tests;

public sealed class LocalSubmissionTests
{
    [Theory]
    [InlineData("Alumno Uno", "From: Alumno Uno <alumno@example.org>")]
    [InlineData("Uno, Alumno", "From: \"Uno, Alumno\" <alumno@example.org>")]
    [InlineData("Dr. \"Q\"", "From: \"Dr. \\\"Q\\\"\" <alumno@example.org>")]
    [InlineData("Evil\r\nBcc: x@y", "From: \"EvilBcc: x@y\" <alumno@example.org>")]
    [InlineData("  ", "From: alumno@example.org")]
    [InlineData(null, "From: alumno@example.org")]
    public async Task The_added_from_carries_the_full_name_as_postfix_writes_it(string? fullName, string expected)
    {
        using var harness = new CleanupHarness();
        var client = new ClientInfo { Address = IPAddress.Loopback, Protocol = "LOCAL", LocalUserId = 1000, Name = "localhost" };
        var id = harness.Service.NewQueueId();
        await using (var writer = harness.Service.BeginLocal(id, client, Samples.Envelope("root@example.org") with { Sender = "alumno@example.org" }, fullName))
        {
            writer.AppendLine(Encoding.UTF8.GetBytes("Subject: s"));
            writer.AppendLine([]);
            writer.AppendLine(Encoding.UTF8.GetBytes("body"));
            Assert.True((await writer.CommitAsync(CancellationToken.None)).IsPositive);
        }

        var headers = harness.StoredText(id).Split('\n');
        Assert.Equal(expected, Assert.Single(headers, h => h.StartsWith("From:", StringComparison.Ordinal)));
        Assert.Equal("Received: by mail.example.org (Estafeta, from userid 1000)", headers[0]);
    }

    [Fact]
    public async Task A_message_with_a_from_gets_no_second_one_whatever_the_full_name()
    {
        using var harness = new CleanupHarness();
        var client = new ClientInfo { Address = IPAddress.Loopback, Protocol = "LOCAL", LocalUserId = 0 };
        var id = harness.Service.NewQueueId();
        await using (var writer = harness.Service.BeginLocal(id, client, Samples.Envelope("root@example.org"), "Root"))
        {
            writer.AppendLine(Encoding.UTF8.GetBytes("From: yo@example.org"));
            await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Single(harness.StoredText(id).Split('\n'), h => h.StartsWith("From:", StringComparison.Ordinal));
    }
}
