using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Reports;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// <c>sweep ... --storage STORE</c>: the sweep is registered in a shared store and run by workers — <c>--workers N</c> of them
/// on this machine (0: none; start them elsewhere with the printed command) — and the leaderboard is written from the store
/// when they are done.
/// </summary>
internal static class StoreSweep
{
    public static int Run(SweepExperiment experiment, string location, ISweepStore store, int workers, IReadOnlyList<int> gpus, CliSession session, Progress progress)
    {
        var plan = experiment.RegisterAsync(store, session.Cancellation).GetAwaiter().GetResult();
        progress.Report($"Sweep '{plan.Name}' registered in {store.Location}: {plan.Trials} trials; folder {plan.Folder}.");
        if (workers == 0)
        {
            session.Output.WriteLine($"Start workers on any machine that sees {plan.Folder}: " +
                                     $"{SweepStores.EnvironmentVariable}=<storage> mlnetcnn sweep-worker --sweep {plan.Name}");
            return CliApp.Success;
        }
        int[] codes = LocalWorkers.Run(location, plan.Name, workers, gpus, session.Error, session.Cancellation);
        session.Cancellation.ThrowIfCancellationRequested();
        var leaderboard = SweepReport.Rebuild(store);
        session.Output.Write(leaderboard.ToText());
        if (codes.Any(c => c != CliApp.Success))
        {
            session.Error.WriteLine($"error: {codes.Count(c => c != CliApp.Success)} of {workers} workers ended with an error (exit codes {string.Join(", ", codes)}); " +
                                    "the sweep goes on when workers are started again.");
            return CliApp.Failure;
        }
        return leaderboard.Rows.Any(r => r.Trial.State == TrialState.Completed) ? CliApp.Success : CliApp.Failure;
    }
}
