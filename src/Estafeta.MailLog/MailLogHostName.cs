using System.Net;

namespace Estafeta.MailLog;

/// <summary>The short host name that syslog prints: the first label of the machine's name.</summary>
public static class MailLogHostName
{
    public static string Local()
    {
        string name;
        try
        {
            name = Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            name = Environment.MachineName;
        }

        return FirstLabel(name);
    }

    /// <summary>"mail.example.com" → "mail"; syslog shows the short name.</summary>
    public static string FirstLabel(string hostName)
    {
        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        var label = dot > 0 ? hostName[..dot] : hostName;
        return label.Length == 0 ? "localhost" : label;
    }
}
