namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>One line of a <see cref="Leaderboard"/>: a trial and its rank.</summary>
/// <param name="Rank">From 1, best first.</param>
/// <param name="Trial">The trial as the journal tells it.</param>
public sealed record LeaderboardRow(int Rank, TrialRecord Trial)
{
    /// <summary>The state as the tables write it, lower case: <c>completed</c>, <c>pruned</c>, <c>failed</c>, ...</summary>
    public string State => Trial.State.ToString().ToLowerInvariant();

    /// <summary>The figures shown: the completion's, else the last rung's; null before the first rung.</summary>
    public TrialMetrics? Metrics => Trial.Latest;

    /// <summary>The cost figures (completed trials).</summary>
    public TrialCost? Cost => Trial.Cost;

    /// <summary>The first line of the error, for failed and diverged trials.</summary>
    public string? Error => Trial.Error?.Split('\n', 2)[0].TrimEnd('\r');
}
