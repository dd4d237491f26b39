using System.CommandLine;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Pipelines.Sweeps.Reports;

namespace MlNetCnn.Cli.Sweeps;

/// <summary><c>sweep-report DIR</c>: rebuilds the leaderboard and charts of a sweep folder from its journal; trains nothing.</summary>
internal static class SweepReportCommand
{
    public static Command Create(CliSession session)
    {
        var folder = new Argument<string>("DIR") { Description = "The sweep's folder (the --out of sweep)." };
        var command = new Command("sweep-report",
            "Rebuilds leaderboard.csv/.md/.json, pareto.png and curves.png of a sweep folder from its spec and journal, and prints the leaderboard; trains nothing.")
        {
            folder,
        };
        command.SetAction(parsed =>
        {
            string dir = parsed.GetRequiredValue(folder);
            if (!Directory.Exists(dir))
                throw new UsageException($"DIR: expected a sweep folder; '{dir}' does not exist.");
            session.Output.Write(SweepReport.Rebuild(dir).ToText());
            return CliApp.Success;
        });
        return command;
    }
}
