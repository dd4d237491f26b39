namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>
/// Synchronous successive halving on epochs: every trial trains to the first rung; once no trial can still reach a rung,
/// the best ⌈n/η⌉ of the n trials there go on from their checkpoints to the next rung and the others are
/// pruned; and so on up to the full run. Decisions depend only on the recorded figures (ties go to the earlier trial), so
/// they are the same for a given seed and replay identically after a resume.
/// </summary>
public sealed class SuccessiveHalving : ISweepScheduler
{
    /// <summary>Creates the scheduler over <paramref name="rungs"/>.</summary>
    public SuccessiveHalving(RungLadder rungs) => Rungs = rungs ?? throw new ArgumentNullException(nameof(rungs));

    /// <inheritdoc/>
    public string Name => SweepSchedulers.SuccessiveHalvingName;

    /// <inheritdoc/>
    public RungLadder Rungs { get; }

    /// <inheritdoc/>
    public SweepDecision Next(SchedulerView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.MayPropose)
            return new SweepDecision.Propose(Rungs.Epochs[0]);
        for (int k = 0; k < Rungs.Epochs.Count - 1; k++)
        {
            int epoch = Rungs.Epochs[k];
            if (view.RunningUpTo(epoch))
                return new SweepDecision.Wait();
            var paused = view.PausedAt(epoch).FirstOrDefault();
            if (paused is null)
                continue;
            var ranked = view.RankedAt(epoch);
            bool kept = ranked.Take(Rungs.Promoted(ranked.Count)).Any(r => r.Trial.Id == paused.Id);
            return kept ? new SweepDecision.Promote(paused.Id, Rungs.Epochs[k + 1]) : new SweepDecision.Prune(paused.Id);
        }
        return view.AnyRunning ? new SweepDecision.Wait() : new SweepDecision.Finish();
    }
}
