using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>
/// Random search: proposal <c>index</c> draws from a random source derived from (seed, index) alone, redrawing a
/// configuration already tried up to <see cref="MaxAttempts"/> times; null when none of the draws is new.
/// </summary>
public sealed class RandomTuner : ISweepTuner
{
    /// <summary>The name in the spec and on the command line.</summary>
    public const string TunerName = "random";

    /// <summary>Creates the tuner.</summary>
    /// <param name="maxAttempts">Draws per proposal before giving up on finding a configuration not yet tried.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAttempts"/> is below 1.</exception>
    public RandomTuner(int maxAttempts = 200)
    {
        if (maxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), $"Attempts: expected at least 1; got {maxAttempts}.");
        MaxAttempts = maxAttempts;
    }

    /// <summary>Draws per proposal before giving up.</summary>
    public int MaxAttempts { get; }

    /// <inheritdoc/>
    public string Name => TunerName;

    /// <inheritdoc/>
    public TrialConfig? Propose(SearchSpace space, int index, IReadOnlyList<TrialObservation> history, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Proposals.SampleNew(space, Proposals.RandomFor(seed, index), Proposals.Taken(history), MaxAttempts);
    }
}
