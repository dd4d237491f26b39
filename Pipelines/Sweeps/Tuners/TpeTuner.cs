using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al., 2011). The first <see cref="StartupTrials"/> proposals, and any made
/// before that many trials have an objective, are random (as <see cref="RandomTuner"/>). Then the trials are split into
/// good (the top <see cref="Gamma"/> of objectives) and bad; each dimension gets a density l(x) fitted to the good and g(x)
/// to the bad (smoothed counts for choices, Gaussian kernels in the unit — or log-unit — interval for ranges);
/// <see cref="Candidates"/> configurations are drawn from l and the one with the largest l(x)/g(x) not yet tried is proposed.
/// </summary>
/// <remarks>
/// Conditional settings: a candidate draws its architecture from l, then only that architecture's settings, fitted to the
/// trials of that architecture. Trials that diverged count as the worst; trials without an objective otherwise (running,
/// failed) are not fitted. Objectives at different epochs are compared as they are.
/// </remarks>
public sealed class TpeTuner : ISweepTuner
{
    /// <summary>The name in the spec and on the command line.</summary>
    public const string TunerName = "tpe";

    /// <summary>Creates the tuner.</summary>
    /// <param name="startupTrials">Random proposals before the model is used (at least 2).</param>
    /// <param name="gamma">The fraction of trials counted good, in (0, 1).</param>
    /// <param name="candidates">Candidates drawn from the good densities per proposal (at least 1).</param>
    /// <param name="maxAttempts">Random draws when no candidate is new, before giving up.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument out of its range; the message says which.</exception>
    public TpeTuner(int startupTrials = 10, double gamma = 0.25, int candidates = 24, int maxAttempts = 200)
    {
        if (startupTrials < 2) throw new ArgumentOutOfRangeException(nameof(startupTrials), $"Startup trials: expected at least 2; got {startupTrials}.");
        if (!(gamma is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(gamma), $"Gamma: expected a fraction in (0, 1); got {gamma}.");
        if (candidates < 1) throw new ArgumentOutOfRangeException(nameof(candidates), $"Candidates: expected at least 1; got {candidates}.");
        if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), $"Attempts: expected at least 1; got {maxAttempts}.");
        (StartupTrials, Gamma, Candidates, MaxAttempts) = (startupTrials, gamma, candidates, maxAttempts);
    }

    /// <summary>Random proposals before the model is used.</summary>
    public int StartupTrials { get; }

    /// <summary>The fraction of trials counted good.</summary>
    public double Gamma { get; }

    /// <summary>Candidates drawn per proposal.</summary>
    public int Candidates { get; }

    /// <summary>Random draws when no candidate is new, before giving up.</summary>
    public int MaxAttempts { get; }

    /// <inheritdoc/>
    public string Name => TunerName;

    /// <inheritdoc/>
    public TrialConfig? Propose(SearchSpace space, int index, IReadOnlyList<TrialObservation> history, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        var taken = Proposals.Taken(history);
        var random = Proposals.RandomFor(seed, index);
        var ranked = history
            .Where(o => o.Objective is double v && double.IsFinite(v) || o.State == TrialState.Diverged)
            .Select(o => (o.Config, Objective: o.Objective is double v && double.IsFinite(v) ? v : double.NegativeInfinity))
            .OrderByDescending(o => o.Objective).ThenBy(o => o.Config.Key, StringComparer.Ordinal)
            .Select(o => o.Config).ToArray();
        if (index < StartupTrials || ranked.Length < StartupTrials)
            return Proposals.SampleNew(space, random, taken, MaxAttempts);
        int goodCount = Math.Clamp((int)Math.Ceiling(Gamma * ranked.Length), 1, ranked.Length - 1);
        var model = new TpeModel(ranked[..goodCount], ranked[goodCount..]);
        return BestCandidate(space, model, random, taken) ?? Proposals.SampleNew(space, random, taken, MaxAttempts);
    }

    private TrialConfig? BestCandidate(SearchSpace space, TpeModel model, Random random, IReadOnlySet<string> taken)
    {
        TrialConfig? best = null;
        double bestScore = double.NegativeInfinity;
        var architectures = space.ArchitectureDimension;
        for (int c = 0; c < Candidates; c++)
        {
            string architecture = model.Draw(architectures, random, out double score);
            var values = new List<string>();
            foreach (var dimension in space.ActiveDimensions(architecture))
            {
                values.Add(model.Draw(dimension, random, out double ratio));
                score += ratio;
            }
            var config = space.CreateConfig(architecture, values);
            if (score > bestScore && !taken.Contains(config.Key))
                (best, bestScore) = (config, score);
        }
        return best;
    }
}
