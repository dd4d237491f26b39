namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>What a scheduler decides from: every trial as the journal tells it, and whether new trials may still come.</summary>
/// <param name="Trials">Every trial so far, in order of proposal.</param>
/// <param name="Metric">The figure trials are ranked by.</param>
/// <param name="MayPropose">True while the trial and time budgets allow another trial and the tuner has not run out.</param>
public sealed record SchedulerView(IReadOnlyList<TrialRecord> Trials, SweepMetric Metric, bool MayPropose)
{
    /// <summary>
    /// The trials that reached <paramref name="epoch"/> with a figure there, best first (ties: the earlier trial), as the
    /// metric ranks them.
    /// </summary>
    public IReadOnlyList<(TrialRecord Trial, double Objective)> RankedAt(int epoch) =>
        Trials.Select(t => (Trial: t, Metrics: t.Rungs.FirstOrDefault(r => r.Epoch == epoch)))
            .Where(p => p.Metrics is not null)
            .Select(p => (p.Trial, Objective: p.Metrics!.Objective(Metric)))
            .OrderByDescending(p => double.IsNaN(p.Objective) ? double.NegativeInfinity : p.Objective)
            .ThenBy(p => p.Trial.Id)
            .ToList();

    /// <summary>True while some trial trains (or waits to train) up to at most <paramref name="epoch"/>.</summary>
    public bool RunningUpTo(int epoch) => Trials.Any(t => t.State == TrialState.Running && t.TargetEpoch <= epoch);

    /// <summary>True while any trial trains.</summary>
    public bool AnyRunning => Trials.Any(t => t.State == TrialState.Running);

    /// <summary>The trials paused at <paramref name="epoch"/>.</summary>
    public IEnumerable<TrialRecord> PausedAt(int epoch) => Trials.Where(t => t.State == TrialState.Paused && t.EpochsRun == epoch);
}
