using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>
/// What a worker needs to take part in a sweep, registered once in the sweep's store: the spec (data, seed, metric, tuner,
/// scheduler), the search space, the trial budget and the folder all workers see (data file, featurizer, trial checkpoints).
/// </summary>
/// <param name="Name">The sweep's name in its store.</param>
/// <param name="Folder">The sweep's folder, on storage every worker sees at this path.</param>
/// <param name="Spec">What identifies the sweep.</param>
/// <param name="SearchSpaceJson">The search space (<see cref="SearchSpace.ToJson"/>).</param>
/// <param name="Trials">Trials to propose in all; registering again with a larger number extends the sweep.</param>
/// <param name="Retries">Runs again of a trial that throws, from its last checkpoint.</param>
/// <param name="MaxConsecutiveFailures">Proposing stops after this many trials in a row failed; null for no limit.</param>
public sealed record SweepPlan(
    string Name, string Folder, SweepSpec Spec, string SearchSpaceJson, int Trials, int Retries, int? MaxConsecutiveFailures)
{
    /// <summary>The search space.</summary>
    public SearchSpace Space() => SearchSpace.FromJson(SearchSpaceJson);

    /// <summary>The tuner named by the spec.</summary>
    public ISweepTuner Tuner() => SweepTuners.ByName(Spec.Tuner);

    /// <summary>The scheduler named by the spec, on its rungs.</summary>
    public ISweepScheduler Scheduler() => SweepSchedulers.Create(Spec.Scheduler, Spec.MinEpochs, Spec.MaxEpochs, Spec.Eta);

    /// <summary>The budget workers keep to (no time budget: a worker runs until the sweep is done or it is signalled).</summary>
    public SweepBudget Budget => new(Trials, null, null, Retries, MaxConsecutiveFailures);

    /// <summary>The sweep's folder and its files.</summary>
    public SweepFolder Files => new(Folder);

    /// <summary>
    /// The plan to keep when <paramref name="next"/> registers over this one: this with the larger trial budget and the
    /// newer retry and failure settings.
    /// </summary>
    /// <exception cref="InvalidOperationException">The two plans are not the same sweep; the message names each difference.</exception>
    public SweepPlan MergedWith(SweepPlan next, string location)
    {
        ArgumentNullException.ThrowIfNull(next);
        var differences = next.Spec.DifferencesFrom(Spec).ToList();
        if (SearchSpaceJson != next.SearchSpaceJson && !differences.Any(d => d.StartsWith("search space", StringComparison.Ordinal)))
            differences.Add("search space: its settings changed");
        if (differences.Count > 0)
            throw new InvalidOperationException(
                $"The store {location} holds a sweep '{Name}' of another spec, which was left as it is: {string.Join("; ", differences)}. " +
                "Register with the same settings to extend it, or give the sweep another name.");
        return this with { Trials = Math.Max(Trials, next.Trials), Retries = next.Retries, MaxConsecutiveFailures = next.MaxConsecutiveFailures };
    }
}
