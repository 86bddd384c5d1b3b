// `estafeta queue flush|delete|hold|release|requeue`: postqueue -f and postsuper -d/-h/-H/-r for Estafeta's queue.
// Trusts: the queue's own directories (only root or the queue's owner can change them).
// Must never: touch a message the queue manager is delivering right now (active/): that would race its status
// updates; the command says so and leaves it. Every change is logged to the mail log as postsuper does.
using System.CommandLine;
using Estafeta.Config;
using Estafeta.Host.Daemon;
using Estafeta.MailLog;
using Estafeta.Pickup;
using Estafeta.Queue;
using Microsoft.Extensions.Logging;

namespace Estafeta.Host.Commands;

internal static partial class QueueAdminCommand
{
    /// <summary>Adds the administration subcommands to `estafeta queue`.</summary>
    public static void AddTo(Command queue)
    {
        queue.Subcommands.Add(BuildFlush());
        queue.Subcommands.Add(BuildChange("delete", "Delete messages (ID, several IDs, or ALL), as postsuper -d.", Delete, allowAll: true));
        queue.Subcommands.Add(BuildChange("hold", "Put messages on hold (ID or ALL): they stay queued, undelivered, as postsuper -h.", Hold, allowAll: true));
        queue.Subcommands.Add(BuildChange("release", "Release held messages (ID or ALL) for delivery now, as postsuper -H.", Release, allowAll: true));
        queue.Subcommands.Add(BuildChange("requeue", "Send messages (ID or ALL) through routing again now, as postsuper -r.", Requeue, allowAll: true));
    }

    private static Command BuildFlush()
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var flush = new Command("flush", "Retry every deferred message now (postqueue -f); needs the daemon running.") { configDirectory };
        flush.SetAction(parseResult =>
        {
            var main = Load(parseResult.GetValue(configDirectory));
            if (main is null)
            {
                return 1;
            }

            return PickupTrigger.TrySend(main.Get("queue_directory"), PickupTrigger.FlushCommand)
                ? 0
                : EstafetaCommandLine.Fatal("Cannot flush mail queue - mail system is down");
        });
        return flush;
    }

    private static Command BuildChange(string name, string description, Func<QueueStore, QueueEntry, ILogger, string?> change, bool allowAll)
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var ids = new Argument<string[]>("ID") { Description = allowAll ? "Queue ids, or ALL." : "Queue ids.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { configDirectory, ids };
        command.SetAction(parseResult =>
        {
            var main = Load(parseResult.GetValue(configDirectory));
            if (main is null)
            {
                return 1;
            }

            using var mailLog = new MailLogProvider(MailLogSetup.Options(main, null), TimeProvider.System);
            var logger = mailLog.CreateLogger("postsuper");
            var store = new QueueStore(main.Get("queue_directory"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            var requested = parseResult.GetValue(ids) ?? [];
            var entries = requested.Length == 1 && requested[0] == "ALL"
                ? [.. store.List()]
                : requested.Select(id => store.Find(id) ?? new QueueEntry(QueueName.Corrupt, id, string.Empty)).ToList();
            var changed = 0;
            var failed = false;
            foreach (var entry in entries)
            {
                if (entry.Path.Length == 0)
                {
                    parseResult.InvocationConfiguration.Error.WriteLine($"estafeta queue {name}: {entry.QueueId}: no such message");
                    failed = true;
                    continue;
                }

                if (change(store, entry, logger) is { } problem)
                {
                    parseResult.InvocationConfiguration.Error.WriteLine($"estafeta queue {name}: {entry.QueueId}: {problem}");
                    failed |= requested[0] != "ALL";
                    continue;
                }

                changed++;
            }

            parseResult.InvocationConfiguration.Output.WriteLine($"estafeta queue {name}: {changed} message{(changed == 1 ? string.Empty : "s")}");
            return failed ? 1 : 0;
        });
        return command;
    }

    private static string? Delete(QueueStore store, QueueEntry entry, ILogger logger)
    {
        if (entry.Queue == QueueName.Active)
        {
            return BeingDelivered;
        }

        store.Remove(entry);
        QueueAdminLog.Removed(logger, entry.QueueId);
        return null;
    }

    private static string? Hold(QueueStore store, QueueEntry entry, ILogger logger)
    {
        switch (entry.Queue)
        {
            case QueueName.Hold:
                return "already on hold";
            case QueueName.Active:
                return BeingDelivered;
            case QueueName.Corrupt:
                return "damaged (in corrupt/)";
            default:
                store.Move(entry, QueueName.Hold);
                QueueAdminLog.PlacedOnHold(logger, entry.QueueId);
                return null;
        }
    }

    private static string? Release(QueueStore store, QueueEntry entry, ILogger logger)
    {
        if (entry.Queue != QueueName.Hold)
        {
            return "not on hold";
        }

        // Into incoming/: the queue manager's watch picks it up at once.
        store.Move(entry, QueueName.Incoming);
        QueueAdminLog.Released(logger, entry.QueueId);
        return null;
    }

    private static string? Requeue(QueueStore store, QueueEntry entry, ILogger logger)
    {
        if (entry.Queue is not (QueueName.Deferred or QueueName.Hold))
        {
            return entry.Queue == QueueName.Active ? BeingDelivered : null;
        }

        store.Move(entry, QueueName.Incoming);
        QueueAdminLog.Requeued(logger, entry.QueueId);
        return null;
    }

    private const string BeingDelivered = "being delivered right now (in active/); try again in a moment";

    private static MainConfig? Load(string? configDirectory)
    {
        try
        {
            return configDirectory is null
                ? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main
                : ConfigurationLoader.Load(configDirectory).Main;
        }
        catch (ConfigException e)
        {
            EstafetaCommandLine.Fatal(e.Message);
            return null;
        }
    }

    private static partial class QueueAdminLog
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: removed")]
        public static partial void Removed(ILogger logger, string queueId);

        [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: placed on hold")]
        public static partial void PlacedOnHold(ILogger logger, string queueId);

        [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: released from hold")]
        public static partial void Released(ILogger logger, string queueId);

        [LoggerMessage(Level = LogLevel.Information, Message = "{QueueId}: requeued")]
        public static partial void Requeued(ILogger logger, string queueId);
    }
}
