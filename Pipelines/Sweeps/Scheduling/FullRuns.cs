namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>No early stopping: every trial trains all the sweep's epochs (<c>--scheduler none</c>).</summary>
public sealed class FullRuns : ISweepScheduler
{
    /// <summary>Creates the scheduler for runs of <paramref name="epochs"/> epochs.</summary>
    public FullRuns(int epochs) => Rungs = RungLadder.Single(epochs);

    /// <inheritdoc/>
    public string Name => SweepSchedulers.FullRunsName;

    /// <inheritdoc/>
    public RungLadder Rungs { get; }

    /// <inheritdoc/>
    public SweepDecision Next(SchedulerView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.MayPropose)
            return new SweepDecision.Propose(Rungs.MaxEpochs);
        return view.AnyRunning ? new SweepDecision.Wait() : new SweepDecision.Finish();
    }
}
