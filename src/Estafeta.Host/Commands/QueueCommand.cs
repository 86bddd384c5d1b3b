// `estafeta queue list|show`: mailq(1) and postcat -q for Estafeta's queue.
// Trusts: the queue files' own checksums (a torn file is reported, never printed half as if whole).
// Must never: change the queue (reading only; recovery and moves belong to the daemon).
using System.CommandLine;
using Estafeta.Config;
using Estafeta.Queue;
using Microsoft.Extensions.Logging.Abstractions;

namespace Estafeta.Host.Commands;

internal static class QueueCommand
{
    public static Command Build()
    {
        var command = new Command("queue", "The mail queue: 'list' (mailq), 'show ID' (postcat -q), 'flush' (postqueue -f), 'delete', 'hold', 'release', 'requeue' (postsuper).");
        command.Subcommands.Add(BuildList());
        command.Subcommands.Add(BuildShow());
        QueueAdminCommand.AddTo(command);
        return command;
    }

    private static Command BuildList()
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var list = new Command("list", "List the queued messages as mailq does.") { configDirectory };
        list.SetAction(parseResult => WithQueue(parseResult.GetValue(configDirectory), store =>
        {
            parseResult.InvocationConfiguration.Output.Write(QueueListing.Render(store));
            return 0;
        }));
        return list;
    }

    private static Command BuildShow()
    {
        var configDirectory = CommonOptions.ConfigDirectory();
        var id = new Argument<string>("ID") { Description = "The queue id, as 'queue list' prints it." };
        var show = new Command("show", "Print one queued message: its envelope and its content.") { configDirectory, id };
        show.SetAction(parseResult => WithQueue(parseResult.GetValue(configDirectory), store =>
        {
            var queueId = parseResult.GetValue(id) ?? string.Empty;
            var entry = store.Find(queueId);
            if (entry is null)
            {
                return EstafetaCommandLine.Fatal($"queue id {queueId}: no such message in {store.Directory}");
            }

            try
            {
                parseResult.InvocationConfiguration.Output.Write(QueueShow.Render(QueueFile.Open(entry.Path)));
                return 0;
            }
            catch (QueueFormatException e)
            {
                return EstafetaCommandLine.Fatal($"{entry.Path}: damaged queue file: {e.Message}");
            }
        }));
        return show;
    }

    private static int WithQueue(string? configDirectory, Func<QueueStore, int> action)
    {
        try
        {
            var main = configDirectory is null
                ? ConfigurationLoader.Embedded(StateDirectory.Resolve()).Main
                : ConfigurationLoader.Load(configDirectory).Main;
            var store = new QueueStore(main.Get("queue_directory"), TimeProvider.System, NullLoggerFactory.Instance);
            return action(store);
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return EstafetaCommandLine.Fatal(e.Message);
        }
    }
}
