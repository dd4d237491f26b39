using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Pipelines.Sweeps.Tuners;
using MlNetCnn.Tests.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Store;

/// <summary>The plan of a small sweep for the store tests: a grid over three learning rates, successive halving on rungs 1, 3 and 9.</summary>
internal static class StoreSamples
{
    public static SearchSpace Space() => new SearchSpace().AddArchitectures("lenet5").AddChoice("LearningRate", 0.1, 0.01, 0.001);

    public static SweepPlan Plan(int trials = 3, int? maxConsecutiveFailures = null) => new(
        "flowers", "sweep", SweepSamples.Spec() with { Tuner = GridTuner.TunerName, Scheduler = SweepSchedulers.SuccessiveHalvingName, SearchSpace = Space().Describe() },
        Space().ToJson(), trials, Retries: 1, maxConsecutiveFailures);

    /// <summary>A proposal of trial <paramref name="id"/> to the first rung, for tests that need a journal entry and no tuner.</summary>
    public static TrialProposed Proposed(int id) => new(id, SweepSamples.Config(learningRate: $"0.{id}"), 1);
}
