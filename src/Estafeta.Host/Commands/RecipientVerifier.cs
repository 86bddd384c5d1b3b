// sendmail -bv: where a recipient would go, from the same Resolve and local expansion the daemon uses.
// Trusts: the configuration. Must never: send or write anything.
using Estafeta.Aliases;
using Estafeta.Config;
using Estafeta.Delivery;
using Estafeta.Host.Daemon;
using Estafeta.Pickup;
using Estafeta.Policy;
using Estafeta.QueueManager;
using Estafeta.Tables;
using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Host.Commands;

internal sealed class RecipientVerifier(MainConfig main) : IRecipientVerifier
{
    public ValueTask<RecipientVerification> VerifyAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            var domains = new DomainClassifier(SettingsMapping.Policy(main));
            var resolved = new Resolver(SettingsMapping.QueueManager(main, domains)).Resolve(address);
            if (resolved.Transport is "error")
            {
                return ValueTask.FromResult(new RecipientVerification(false, resolved.Transport, resolved.Nexthop));
            }

            if (resolved.Transport != main.Get("local_transport").Split(':')[0])
            {
                return ValueTask.FromResult(new RecipientVerification(true, resolved.Transport, $"to {resolved.Recipient} via {resolved.Nexthop}"));
            }

            var expander = new LocalExpander(SettingsMapping.LocalExpansion(main), domains.IsLocal, NullLoggerFactory.Instance);
            var targets = expander.Expand(resolved.Recipient, string.Empty).Targets;
            if (targets.OfType<FailedTarget>().FirstOrDefault() is { } failed)
            {
                return ValueTask.FromResult(new RecipientVerification(false, resolved.Transport, $"{failed.Dsn} {failed.Reason}"));
            }

            return ValueTask.FromResult(new RecipientVerification(true, resolved.Transport, string.Join(", ", targets.Select(Describe))));
        }
        catch (LookupTableException e)
        {
            return ValueTask.FromResult(new RecipientVerification(false, "none", e.Message));
        }
    }

    private static string Describe(LocalTarget target) => target switch
    {
        MailboxTarget mailbox => $"mailbox of {mailbox.User.Name}",
        FileTarget file => $"file {file.Path}",
        PipeTarget pipe => $"command \"{pipe.Command}\"",
        ForwardTarget forward => $"forwarded to {forward.ForwardTo}",
        _ => target.Address,
    };
}
