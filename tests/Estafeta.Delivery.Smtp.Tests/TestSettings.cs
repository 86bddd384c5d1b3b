namespace Estafeta.Delivery.Smtp.Tests;

internal static class TestSettings
{
    /// <summary>Short timeouts so a broken test fails in seconds; the port every MX host is reached on.</summary>
    public static SmtpClientSettings For(int port, string? dnsServer = null) => new()
    {
        HeloName = "client.test",
        DefaultPort = port,
        DnsServers = dnsServer is null ? [] : [dnsServer],
        ConnectTimeout = TimeSpan.FromSeconds(5),
        HeloTimeout = TimeSpan.FromSeconds(10),
        MailTimeout = TimeSpan.FromSeconds(10),
        RcptTimeout = TimeSpan.FromSeconds(10),
        DataInitTimeout = TimeSpan.FromSeconds(10),
        DataTransferTimeout = TimeSpan.FromSeconds(10),
        DataDoneTimeout = TimeSpan.FromSeconds(10),
        QuitTimeout = TimeSpan.FromSeconds(5),
    };

    public static SmtpDeliveryAgent Agent(SmtpClientSettings settings, CapturingLoggerFactory? logs = null) =>
        new(settings, TimeProvider.System, logs ?? new CapturingLoggerFactory());
}
