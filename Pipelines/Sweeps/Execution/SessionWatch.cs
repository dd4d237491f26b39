using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>
/// Follows a session's epochs through the trainer's progress reports and, once an epoch has finished after the deadline,
/// cancels <paramref name="stop"/>: the trainer writes that epoch's checkpoint and stops at its next step.
/// Reports arrive on the training thread, so the epoch seen here is the one the checkpoint holds.
/// </summary>
internal sealed class SessionWatch(DateTime? deadlineUtc, CancellationTokenSource stop, int startEpoch, Action<EpochMetrics> epochEnded)
    : IProgress<TrainingProgress>
{
    /// <summary>The last epoch finished (the previous sessions' when none finished in this one).</summary>
    public int Epoch { get; private set; } = startEpoch;

    /// <summary>The last finished epoch's validation accuracy.</summary>
    public double? ValidationAccuracy { get; private set; }

    /// <summary>True once the deadline stopped the session.</summary>
    public bool DeadlinePassed { get; private set; }

    public void Report(TrainingProgress value)
    {
        if (value.Completed is not { } epoch) return;
        Epoch = epoch.Epoch;
        ValidationAccuracy = epoch.ValidationAccuracy;
        epochEnded(epoch);
        if (deadlineUtc is { } deadline && DateTime.UtcNow >= deadline && !DeadlinePassed)
        {
            DeadlinePassed = true;
            stop.Cancel();
        }
    }
}
