using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Tuners;

/// <summary>Drives a tuner as a sweep does, scoring each proposal at once with an objective (no training).</summary>
internal static class TunerRuns
{
    /// <summary>Proposes up to <paramref name="budget"/> configurations, each seeing the ones before; stops at the first null.</summary>
    public static List<TrialObservation> Run(ISweepTuner tuner, SearchSpace space, int budget, int seed, Func<TrialConfig, double> objective)
    {
        var history = new List<TrialObservation>();
        for (int index = 0; index < budget; index++)
        {
            var config = tuner.Propose(space, index, history, seed);
            if (config is null) break;
            history.Add(new TrialObservation(config, objective(config), 1, TrialState.Completed));
        }
        return history;
    }
}
