using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>A trial proposed so far, with what it measured (for model-based tuners), as a tuner sees it.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Objective">The best figure measured so far, oriented so that higher is better; null while none is.</param>
/// <param name="Epochs">The epochs behind <paramref name="Objective"/> (its fidelity).</param>
/// <param name="State">Where it stands.</param>
public sealed record TrialObservation(TrialConfig Config, double? Objective, int Epochs, TrialState State);

/// <summary>
/// Proposes the configurations a sweep trains. A tuner is a pure function of its inputs — the space, the proposal's number,
/// the seed and the trials so far — so that a resumed sweep replays the same proposals.
/// </summary>
public interface ISweepTuner
{
    /// <summary>The name in the spec and on the command line, e.g. <c>grid</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The configuration of proposal <paramref name="index"/> (from 0): one not among <paramref name="history"/>'s, or null
    /// when the space holds no other.
    /// </summary>
    TrialConfig? Propose(SearchSpace space, int index, IReadOnlyList<TrialObservation> history, int seed);
}
