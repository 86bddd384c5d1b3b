using System.Net.Sockets;
using System.Text;

namespace Estafeta.Pickup;

/// <summary>The client side of QUEUE_DIRECTORY/public/pickup: one line, then close. A daemon that is not
/// running is not an error (the drop file waits for the next start).</summary>
public static class PickupTrigger
{
    public const string PickupCommand = "pickup";
    public const string FlushCommand = "flush";

    /// <summary>Sends "COMMAND\n"; false when nobody listens (no socket, connection refused, timeout).</summary>
    public static bool TrySend(string queueDirectory, string command)
    {
        var path = MaildropFolder.TriggerPathIn(queueDirectory);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            // Non-blocking: a listener whose backlog is full (or a stuck daemon) must not hold sendmail up;
            // the periodic scan finds the message anyway. Connect then fails at once with EAGAIN.
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket.Send(Encoding.ASCII.GetBytes(command + "\n")) > 0;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
