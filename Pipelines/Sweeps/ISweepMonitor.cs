using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>
/// Follows a sweep as it runs, as ML.NET AutoML's monitor does: every method has an empty default, so a monitor implements
/// only what it shows. Calls come one at a time: from the sweep's own thread, except <see cref="ReportEpoch"/>, which comes
/// from the thread that trains.
/// </summary>
public interface ISweepMonitor
{
    /// <summary>A trial session starts: a new trial, a promoted one, or one resumed after a crash or a retry.</summary>
    /// <param name="trial">The trial as recorded.</param>
    /// <param name="targetEpoch">The epoch it trains up to in this session.</param>
    void ReportRunningTrial(TrialRecord trial, int targetEpoch) { }

    /// <summary>An epoch of a trial finished (trials in this process only; worker processes report at the end of a session).</summary>
    void ReportEpoch(int trialId, EpochMetrics epoch) { }

    /// <summary>A trial reached a rung and pauses for the rung's decision.</summary>
    void ReportPausedTrial(TrialRecord trial) { }

    /// <summary>A trial trained all its epochs.</summary>
    void ReportCompletedTrial(TrialRecord trial) { }

    /// <summary>A trial was pruned at a rung.</summary>
    void ReportPrunedTrial(TrialRecord trial) { }

    /// <summary>A trial failed or diverged (also for failures that are retried).</summary>
    void ReportFailedTrial(TrialRecord trial, string error, bool willRetry) { }

    /// <summary>The time budget stopped a trial at an epoch boundary.</summary>
    void ReportStoppedTrial(TrialRecord trial) { }

    /// <summary>A completed trial became the best so far.</summary>
    void ReportBestTrial(TrialRecord trial) { }
}
