namespace Estafeta.QueueManager.Tests;

public sealed class DelayFormatTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(0.02, "0.02")]
    [InlineData(0.004, "0")]
    [InlineData(0.005, "0.01")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.123, "0.12")]
    [InlineData(1.2, "1.2")]
    [InlineData(1.26, "1.3")]
    [InlineData(4.2, "4.2")]
    [InlineData(12, "12")]
    [InlineData(12.7, "13")]
    [InlineData(4000.4, "4000")]
    public void Formats_like_postfix_format_tv(double seconds, string expected)
    {
        Assert.Equal(expected, DelayFormat.Format(TimeSpan.FromSeconds(seconds)));
    }
}
