namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>How a trial session ended.</summary>
public enum TrialOutcomeKind
{
    /// <summary>It reached its rung and paused; <see cref="TrialOutcome.Metrics"/> holds the rung's figures.</summary>
    Paused,

    /// <summary>It trained all epochs; metrics and cost are set, the model is in its folder.</summary>
    Completed,

    /// <summary>It threw; <see cref="TrialOutcome.Error"/> holds the first line, the folder's <c>error.txt</c> the whole text.</summary>
    Failed,

    /// <summary>Its loss became non-finite.</summary>
    Diverged,

    /// <summary>The deadline passed: it stopped at an epoch boundary after its checkpoint.</summary>
    Stopped,
}

/// <summary>What one trial session produced.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Kind">How it ended.</param>
/// <param name="Epoch">Epochs trained when it ended (checkpointed).</param>
/// <param name="Metrics">Validation figures of the model, for paused and completed sessions.</param>
/// <param name="Cost">Cost figures, for completed sessions.</param>
/// <param name="Error">The error's first line, for failed and diverged sessions.</param>
/// <param name="TrainSeconds">Wall time of this session's training.</param>
/// <param name="ValidationAccuracy">The last epoch's validation accuracy (for stopped sessions).</param>
public sealed record TrialOutcome(
    int TrialId, TrialOutcomeKind Kind, int Epoch, TrialMetrics? Metrics, TrialCost? Cost, string? Error, double TrainSeconds,
    double? ValidationAccuracy = null);
