namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>What a sweep found: every trial, the best one and where its files are.</summary>
/// <param name="Trials">Every trial, in order of proposal.</param>
/// <param name="Leaderboard">Every trial ranked, as written to leaderboard.csv, .md and .json.</param>
/// <param name="BestTrial">The best completed trial by the sweep's metric, or null when none completed.</param>
/// <param name="BestModelPath">The best trial's model.zip (the whole chain, for <c>mlContext.Model.Load</c>), or null.</param>
/// <param name="OutputFolder">The sweep's folder.</param>
/// <param name="Finished">False when the time budget or the failure limit ended the session before the scheduler did.</param>
public sealed record SweepResult(
    IReadOnlyList<TrialRecord> Trials, Reports.Leaderboard Leaderboard, TrialRecord? BestTrial, string? BestModelPath, string OutputFolder, bool Finished);
