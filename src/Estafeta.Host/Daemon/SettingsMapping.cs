// Maps the effective configuration (main.cf plus a service's -o overrides) onto the plain settings
// records of the components, which never read main.cf themselves.
// Trusts: MainConfig to have validated types (its getters throw ConfigException naming the file and line).
using Estafeta.Cleanup;
using Estafeta.Config;

namespace Estafeta.Host.Daemon;

internal static partial class SettingsMapping
{
    public static CleanupSettings Cleanup(MainConfig config) => new()
    {
        MyHostname = config.Get("myhostname"),
        MailName = config.Get("mail_name"),
        HopcountLimit = (int)config.GetInt("hopcount_limit"),
        LineLengthLimit = (int)config.GetInt("line_length_limit"),
        HeaderSizeLimit = (int)config.GetInt("header_size_limit"),
        MessageSizeLimit = config.GetSize("message_size_limit"),
        QueueMinFree = config.GetSize("queue_minfree"),
        AlwaysAddMissingHeaders = config.GetBool("always_add_missing_headers"),
    };

    public static Estafeta.Pickup.PickupSettings Pickup(MainConfig config) => new()
    {
        QueueDirectory = config.Get("queue_directory"),
        MyOrigin = config.Get("myorigin"),
        MessageSizeLimit = config.GetSize("message_size_limit"),
    };
}
