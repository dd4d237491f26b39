using System.CommandLine;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Pipelines.Sweeps.Reports;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// <c>sweep-report DIR</c> or <c>sweep-report --storage STORE [--sweep NAME]</c>: rebuilds the leaderboard and charts of a
/// sweep from its journal — in its folder, or in a shared store (then the best model is copied to <c>best/</c> too); trains nothing.
/// </summary>
internal static class SweepReportCommand
{
    public static Command Create(CliSession session)
    {
        var folder = new Argument<string?>("DIR") { Description = "The sweep's folder (the --out of sweep).", Arity = ArgumentArity.ZeroOrOne };
        var store = new StoreOptions();
        var command = new Command("sweep-report",
            "Rebuilds leaderboard.csv/.md/.json, pareto.png and curves.png of a sweep from its journal — in the folder DIR, or in the store of " +
            "--storage (a folder or a PostgreSQL database shared by workers) — and prints the leaderboard; trains nothing.")
        {
            folder,
        };
        store.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(folder) is { } dir)
            {
                if (!Directory.Exists(dir))
                    throw new UsageException($"DIR: expected a sweep folder; '{dir}' does not exist.");
                session.Output.Write(SweepReport.Rebuild(dir).ToText());
                return CliApp.Success;
            }
            if (store.Location(parsed) is null)
                throw new UsageException($"sweep-report: expected a sweep folder DIR or {store.Storage.Name} STORE; got neither.");
            using var opened = store.Open(parsed);
            session.Output.Write(SweepReport.Rebuild(opened).ToText());
            return CliApp.Success;
        });
        return command;
    }
}
