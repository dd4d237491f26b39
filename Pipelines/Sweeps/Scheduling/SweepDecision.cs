namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>What a scheduler asks the sweep to do next.</summary>
public abstract record SweepDecision
{
    private SweepDecision() { }

    /// <summary>Ask the tuner for a new trial and train it up to <paramref name="TargetEpoch"/> (the first rung).</summary>
    public sealed record Propose(int TargetEpoch) : SweepDecision;

    /// <summary>Let a paused trial go on from its checkpoint up to <paramref name="TargetEpoch"/>.</summary>
    public sealed record Promote(int TrialId, int TargetEpoch) : SweepDecision;

    /// <summary>Stop a paused trial for good.</summary>
    public sealed record Prune(int TrialId) : SweepDecision;

    /// <summary>Nothing to start until a running trial reports.</summary>
    public sealed record Wait : SweepDecision;

    /// <summary>The sweep is over: nothing runs, nothing can be started.</summary>
    public sealed record Finish : SweepDecision;
}
