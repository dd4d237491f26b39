namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>
/// One trial as the journal tells it: its configuration, where it stands and every figure measured. Rebuilt from the journal
/// (<see cref="Journal.SweepReplay"/>), so a resumed sweep and <c>sweep-report</c> see exactly what was recorded.
/// </summary>
public sealed record TrialRecord
{
    /// <summary>The trial's number, from 1 in the order of proposal.</summary>
    public required int Id { get; init; }

    /// <summary>What it trains.</summary>
    public required TrialConfig Config { get; init; }

    /// <summary>Where it stands.</summary>
    public TrialState State { get; init; } = TrialState.Running;

    /// <summary>The epoch it trains (or trained) up to in its current session: a rung, or the sweep's last epoch.</summary>
    public int TargetEpoch { get; init; }

    /// <summary>Figures at each rung reached, by epoch, in order.</summary>
    public IReadOnlyList<TrialMetrics> Rungs { get; init; } = [];

    /// <summary>The last figures measured: at the end for a completed trial, else at its last rung; null before the first.</summary>
    public TrialMetrics? Latest => Rungs.Count == 0 ? null : Rungs[^1];

    /// <summary>Epochs trained (the last rung's epoch, or the epoch reached when the budget stopped it).</summary>
    public int EpochsRun { get; init; }

    /// <summary>Cost figures, for completed trials.</summary>
    public TrialCost? Cost { get; init; }

    /// <summary>Training seconds so far, all sessions.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>The error's first line for failed and diverged trials.</summary>
    public string? Error { get; init; }

    /// <summary>Failed attempts so far.</summary>
    public int Failures { get; init; }

    /// <summary>Test accuracy, for the top trials scored on the test set at the end.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>Test macro accuracy, with <see cref="TestAccuracy"/>.</summary>
    public double? TestMacroAccuracy { get; init; }
}
