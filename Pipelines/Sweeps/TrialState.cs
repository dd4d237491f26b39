namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>Where a trial stands.</summary>
public enum TrialState
{
    /// <summary>Proposed or promoted, and not finished: training, or waiting for a worker.</summary>
    Running,

    /// <summary>Reached a rung and waits for the rung's decision (its checkpoint is kept).</summary>
    Paused,

    /// <summary>Trained all its epochs.</summary>
    Completed,

    /// <summary>Stopped at a rung because better trials were promoted.</summary>
    Pruned,

    /// <summary>Threw an error (after its retries).</summary>
    Failed,

    /// <summary>Its loss became non-finite.</summary>
    Diverged,

    /// <summary>Stopped at an epoch boundary because the sweep's time budget ran out.</summary>
    Stopped,
}
