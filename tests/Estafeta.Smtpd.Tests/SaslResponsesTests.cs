using System.Text;

namespace Estafeta.Smtpd.Tests;

public sealed class SaslResponsesTests
{
    [Theory]
    [InlineData("\0alice\0pw", "alice", "pw")]
    [InlineData("alice\0alice\0pw", "alice", "pw")]
    [InlineData("\0alice\0", "alice", "")]
    public void Plain_messages_give_user_and_password(string message, string user, string password)
    {
        Assert.True(SaslResponses.TryParsePlain(Encoding.UTF8.GetBytes(message), out var parsedUser, out var parsedPassword));
        Assert.Equal(user, parsedUser);
        Assert.Equal(password, Encoding.UTF8.GetString(parsedPassword));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("\0alice")]
    [InlineData("bob\0alice\0pw")]
    [InlineData("\0\0pw")]
    [InlineData("\0ali\nce\0pw")]
    [InlineData("\0alice\0pw\0more")]
    public void Malformed_plain_messages_are_refused(string message)
    {
        Assert.False(SaslResponses.TryParsePlain(Encoding.UTF8.GetBytes(message), out _, out _));
    }

    [Fact]
    public void Base64_decoding_takes_the_empty_response_and_refuses_garbage()
    {
        Assert.Empty(SaslResponses.Decode("="u8)!);
        Assert.Equal("hi", Encoding.UTF8.GetString(SaslResponses.Decode("aGk="u8)!));
        Assert.Null(SaslResponses.Decode("a*b"u8));
    }

    [Theory]
    [InlineData("MAIL FROM:<a@b>\r\n", "MAIL FROM:<a@b>\\r\\n")]
    [InlineData("AUTH PLAIN AGFsaWNlAHB3\r\n", "AUTH (AUTH data not logged)")]
    [InlineData("NOOP\r\nauth login\r\ndXNlcg==\r\n", "NOOP\\r\\nauth (AUTH data not logged)")]
    public void Pending_input_in_logs_hides_everything_from_an_auth_command_on(string input, string logged)
    {
        Assert.Equal(logged, LogText.EscapeWithoutSecrets(Encoding.ASCII.GetBytes(input)));
    }
}
