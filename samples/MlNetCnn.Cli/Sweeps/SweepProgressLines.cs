using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>A sweep's events as progress lines on stderr (epochs only with <c>--verbose</c>).</summary>
internal sealed class SweepProgressLines(Progress progress) : ISweepMonitor
{
    public void ReportRunningTrial(TrialRecord trial, int targetEpoch) =>
        progress.Report($"trial {trial.Id}: {trial.Config}, training to epoch {targetEpoch}" + (trial.EpochsRun > 0 ? $" from epoch {trial.EpochsRun}" : ""));

    public void ReportEpoch(int trialId, EpochMetrics epoch) =>
        progress.Detail($"trial {trialId}: epoch {epoch.Epoch}, loss {epoch.TrainLoss:F4}" +
                        (epoch.ValidationAccuracy is { } accuracy ? $", validation accuracy {accuracy:P2}" : "") + $", {epoch.ImagesPerSecond:F0} images/s");

    public void ReportPausedTrial(TrialRecord trial) => progress.Report($"trial {trial.Id}: rung at epoch {trial.EpochsRun}, {Figures(trial)}");

    public void ReportCompletedTrial(TrialRecord trial) => progress.Report($"trial {trial.Id}: completed {trial.EpochsRun} epochs, {Figures(trial)}");

    public void ReportPrunedTrial(TrialRecord trial) => progress.Report($"trial {trial.Id}: pruned at epoch {trial.EpochsRun}");

    public void ReportFailedTrial(TrialRecord trial, string error, bool willRetry) =>
        progress.Report($"trial {trial.Id}: failed{(willRetry ? " (will retry)" : "")}: {error}");

    public void ReportStoppedTrial(TrialRecord trial) => progress.Report($"trial {trial.Id}: stopped by the time budget after epoch {trial.EpochsRun}");

    public void ReportBestTrial(TrialRecord trial) => progress.Report($"trial {trial.Id} is the best so far");

    private static string Figures(TrialRecord trial) => trial.Latest is { } m
        ? $"validation accuracy {m.Accuracy:P2} [{m.AccuracyLow:P1}, {m.AccuracyHigh:P1}], macro {m.MacroAccuracy:P2}, log loss {m.LogLoss:F4}"
        : "no figures";
}
