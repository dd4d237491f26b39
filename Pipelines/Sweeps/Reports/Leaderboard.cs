using MlNetCnn.Models.IO;
using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>
/// Every trial of a sweep, ranked: completed trials first, by the sweep's metric; then trials still on their way (paused,
/// stopped, pruned, running), furthest first — by the epochs of their last figures, then by the metric there; then failed
/// and diverged ones. Ties go to the lower trial id. Written as <c>leaderboard.csv</c>, <c>leaderboard.md</c> and
/// <c>leaderboard.json</c> (<see cref="Save"/>), and as a console table (<see cref="ToText"/>).
/// </summary>
public sealed partial class Leaderboard
{
    private Leaderboard(IReadOnlyList<LeaderboardRow> rows, SweepMetric metric)
    {
        Rows = rows;
        Metric = metric;
    }

    /// <summary>The trials, best first.</summary>
    public IReadOnlyList<LeaderboardRow> Rows { get; }

    /// <summary>What the trials are ranked by.</summary>
    public SweepMetric Metric { get; }

    /// <summary>Ranks <paramref name="trials"/> (e.g. <see cref="SweepReplay.Trials"/>) by <paramref name="metric"/>.</summary>
    public static Leaderboard Build(IReadOnlyList<TrialRecord> trials, SweepMetric metric)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var ranked = trials
            .OrderBy(Group)
            .ThenByDescending(t => Group(t) == RankGroup.OnTheWay ? t.Latest?.Epoch ?? -1 : 0)
            .ThenByDescending(t => Group(t) == RankGroup.Failed ? 0 : t.Latest?.Objective(metric) ?? double.NegativeInfinity)
            .ThenBy(t => t.Id)
            .Select((trial, i) => new LeaderboardRow(i + 1, trial))
            .ToArray();
        return new Leaderboard(ranked, metric);
    }

    /// <summary>
    /// Writes <c>leaderboard.csv</c>, <c>leaderboard.md</c> and <c>leaderboard.json</c> into <paramref name="folder"/>, each
    /// atomically (a temporary file, then a rename).
    /// </summary>
    public void Save(SweepFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.Root);
        AtomicFile.WriteText(folder.LeaderboardCsv, ToCsv());
        AtomicFile.WriteText(folder.LeaderboardMarkdown, ToMarkdown());
        AtomicFile.WriteText(folder.LeaderboardJson, ToJson());
    }

    /// <summary>How a state ranks: whole runs, then partial ones, then those without a model.</summary>
    private enum RankGroup { Completed, OnTheWay, Failed }

    private static RankGroup Group(TrialRecord trial) => trial.State switch
    {
        TrialState.Completed => RankGroup.Completed,
        TrialState.Failed or TrialState.Diverged => RankGroup.Failed,
        _ => RankGroup.OnTheWay,
    };

    /// <summary>The metric as the tables name it.</summary>
    private string MetricName => Metric switch
    {
        SweepMetric.Accuracy => "validation accuracy",
        SweepMetric.MacroAccuracy => "validation macro accuracy",
        SweepMetric.Loss => "validation log loss",
        _ => Metric.ToString(),
    };
}
