namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>
/// Asynchronous successive halving (ASHA), for parallel workers: whenever a worker is free, a paused trial that ranks in the
/// top ⌊n/η⌋ of the n trials that reached its rung goes on (highest rung first); otherwise a new trial starts. No worker
/// waits for a rung to fill. When nothing runs and no trial can come, the best trial of the highest rung nobody passed goes
/// on, so that the sweep ends with a full run, and the other paused trials are pruned.
/// </summary>
public sealed class AsyncSuccessiveHalving : ISweepScheduler
{
    /// <summary>Creates the scheduler over <paramref name="rungs"/>.</summary>
    public AsyncSuccessiveHalving(RungLadder rungs) => Rungs = rungs ?? throw new ArgumentNullException(nameof(rungs));

    /// <inheritdoc/>
    public string Name => SweepSchedulers.AsyncSuccessiveHalvingName;

    /// <inheritdoc/>
    public RungLadder Rungs { get; }

    /// <inheritdoc/>
    public SweepDecision Next(SchedulerView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        for (int k = Rungs.Epochs.Count - 2; k >= 0; k--)
        {
            int epoch = Rungs.Epochs[k];
            var ranked = view.RankedAt(epoch);
            var promotable = ranked.Take(ranked.Count / Rungs.Eta)
                .FirstOrDefault(r => r.Trial.State == TrialState.Paused && r.Trial.EpochsRun == epoch).Trial;
            if (promotable is not null)
                return new SweepDecision.Promote(promotable.Id, Rungs.Epochs[k + 1]);
        }
        if (view.MayPropose)
            return new SweepDecision.Propose(Rungs.Epochs[0]);
        if (view.AnyRunning)
            return new SweepDecision.Wait();
        return Finishing(view);
    }

    private SweepDecision Finishing(SchedulerView view)
    {
        for (int k = Rungs.Epochs.Count - 2; k >= 0; k--)
        {
            int epoch = Rungs.Epochs[k];
            var paused = view.PausedAt(epoch).ToList();
            if (paused.Count == 0)
                continue;
            bool nextRungReached = view.RankedAt(Rungs.Epochs[k + 1]).Count > 0;
            if (!nextRungReached)
            {
                var best = view.RankedAt(epoch).First(r => r.Trial.State == TrialState.Paused && r.Trial.EpochsRun == epoch).Trial;
                return new SweepDecision.Promote(best.Id, Rungs.Epochs[k + 1]);
            }
            return new SweepDecision.Prune(paused[0].Id);
        }
        return new SweepDecision.Finish();
    }
}
