namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>The completed trials, best first by the sweep's metric (ties: the earlier trial): the best model and the test set's top k.</summary>
internal static class CompletedRanking
{
    public static IReadOnlyList<TrialRecord> Of(IEnumerable<TrialRecord> trials, SweepMetric metric) =>
        trials.Where(t => t.State == TrialState.Completed && t.Latest is not null)
            .OrderByDescending(t => t.Latest!.Objective(metric)).ThenBy(t => t.Id).ToList();
}
